package dev.hookline.events.store;

import dev.hookline.events.ExecutionStatus;
import java.util.Objects;

/**
 * A workflow step that completed: its result, to replay instead of running it again, and the status
 * its completion leads to.
 *
 * @param resultJson the step's result as JSON
 */
public record CompletedStep(String step, String resultJson, ExecutionStatus reached) {

    public CompletedStep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(resultJson, "resultJson");
        Objects.requireNonNull(reached, "reached");
    }
}
