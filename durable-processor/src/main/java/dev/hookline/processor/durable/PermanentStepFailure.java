package dev.hookline.processor.durable;

/**
 * Thrown by a step whose failure retrying cannot fix, such as a payload that breaks the validation
 * rules. The execution ends {@code REJECTED} with this message as its error.
 */
public class PermanentStepFailure extends RuntimeException {

    private final String code;

    public PermanentStepFailure(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
