package dev.hookline.processor.durable.exception;

import dev.hookline.events.ExecutionError;
import java.time.Duration;

/**
 * Unwinds the workflow when a step failed and its retry strategy wants another attempt after
 * {@code delay}. Nothing waits in memory: the processor hands the delay to the queue.
 */
public final class StepRetryScheduled extends RuntimeException {

    private final String step;
    private final int attempt;
    private final Duration delay;
    private final ExecutionError error;

    /** @param attempt the step's attempt that failed */
    public StepRetryScheduled(String step, int attempt, Duration delay, ExecutionError error) {
        super(error.message(), null, false, false);
        this.step = step;
        this.attempt = attempt;
        this.delay = delay;
        this.error = error;
    }

    public String step() {
        return step;
    }

    public int attempt() {
        return attempt;
    }

    public Duration delay() {
        return delay;
    }

    public ExecutionError error() {
        return error;
    }
}
