package dev.hookline.validator.rules;

/** The validation rules cannot be used; the message names the event type (or file) and what to fix. */
public final class RulesConfigurationException extends RuntimeException {

    public RulesConfigurationException(String message) {
        super(message);
    }

    public RulesConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
