package dev.hookline.processor.durable.exception;

/**
 * A failure no retry can fix but an operator can, such as a target refusing the request: the
 * execution fails at once and waits in the dead-letter queue for a replay.
 */
public class NonRetryableStepException extends StepException {

    public NonRetryableStepException(String code, String message) {
        super(code, message);
    }
}
