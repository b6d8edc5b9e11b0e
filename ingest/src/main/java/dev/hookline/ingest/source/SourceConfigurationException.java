package dev.hookline.ingest.source;

/** The sources configuration cannot be used; the message names the source and what to fix. */
public final class SourceConfigurationException extends RuntimeException {

    public SourceConfigurationException(String message) {
        super(message);
    }

    public SourceConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
