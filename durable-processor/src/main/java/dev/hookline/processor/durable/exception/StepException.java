package dev.hookline.processor.durable.exception;

/**
 * A step failure that carries a code and a message safe to show the sender on the status API: no
 * stack trace, no secret. Thrown as it is, it is transient and the step's retry strategy decides.
 */
public class StepException extends RuntimeException {

    private final String code;

    public StepException(String code, String message) {
        super(message);
        this.code = code;
    }

    public StepException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
