package dev.hookline.processor.durable.exception;

/**
 * The webhook itself is wrong, such as a payload that breaks the validation rules: retrying or
 * replaying cannot help, so the execution ends {@code REJECTED} with this message and never
 * reaches the dead-letter queue.
 */
public final class ExecutionRejectedException extends StepException {

    public ExecutionRejectedException(String code, String message) {
        super(code, message);
    }
}
