package dev.hookline.events.store;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionStatus;
import java.time.Instant;

/**
 * One forward move of a leased execution: the status it reaches and, when a step completed, that
 * step's checkpoint; written in a single conditional update.
 *
 * @param checkpoint the completed step's checkpoint, or {@code null}
 * @param result the final result as JSON, or {@code null}
 * @param error why the execution failed or was rejected, or {@code null}
 */
public record Advance(
        String recordId,
        String owner,
        int round,
        int attempt,
        ExecutionStatus to,
        Instant at,
        Checkpoint checkpoint,
        String result,
        ExecutionError error) {

    public static Advance to(String recordId, String owner, int round, int attempt, ExecutionStatus to, Instant at) {
        return new Advance(recordId, owner, round, attempt, to, at, null, null, null);
    }

    /**
     * A step's completion: its checkpoint and the status it leads to, with its result as the
     * execution's result when that status ends the execution.
     */
    public static Advance stepCompleted(String recordId, String owner, int round, int attempt, String step,
            String resultJson, ExecutionStatus to, Instant at) {
        Advance advance = to(recordId, owner, round, attempt, to, at)
                .withCheckpoint(new Checkpoint(step, resultJson, at, round, attempt));
        return to.isTerminal() ? advance.withResult(resultJson) : advance;
    }

    public Advance withCheckpoint(Checkpoint value) {
        return new Advance(recordId, owner, round, attempt, to, at, value, result, error);
    }

    public Advance withResult(String value) {
        return new Advance(recordId, owner, round, attempt, to, at, checkpoint, value, error);
    }

    public Advance withError(ExecutionError value) {
        return new Advance(recordId, owner, round, attempt, to, at, checkpoint, result, value);
    }
}
