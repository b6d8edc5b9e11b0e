package dev.hookline.dynalite;

/** dynalite could not be found, started or reached; the message says what to do about it. */
public class DynaliteException extends RuntimeException {

    public DynaliteException(String message) {
        super(message);
    }

    public DynaliteException(String message, Throwable cause) {
        super(message, cause);
    }
}
