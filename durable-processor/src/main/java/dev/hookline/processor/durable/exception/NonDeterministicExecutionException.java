package dev.hookline.processor.durable.exception;

/** A replay asked for a different step than the checkpoint recorded at the same position. */
public final class NonDeterministicExecutionException extends NonRetryableStepException {

    public NonDeterministicExecutionException(int position, String expected, String actual) {
        super("non_deterministic", "step " + position + " was checkpointed as '" + expected
                + "' but the workflow now calls '" + actual + "'");
    }
}
