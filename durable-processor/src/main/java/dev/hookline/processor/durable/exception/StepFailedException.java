package dev.hookline.processor.durable.exception;

/** A step's retry strategy gave up: the execution has failed with the step's last error. */
public final class StepFailedException extends NonRetryableStepException {

    public StepFailedException(String step, int attempt, String code, String message) {
        super(code, step + " failed on attempt " + attempt + ": " + message);
    }
}
