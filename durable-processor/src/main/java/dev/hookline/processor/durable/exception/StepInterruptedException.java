package dev.hookline.processor.durable.exception;

/** An at-most-once attempt started and never finished, so it is counted as failed, not run again. */
public final class StepInterruptedException extends StepException {

    public StepInterruptedException(String step, int attempt) {
        super("step_interrupted", step + " attempt " + attempt + " was interrupted before it finished");
    }
}
