package dev.hookline.events.store;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One forward move of a leased execution, written in a single conditional update: the statuses it
 * reaches in order (the last is where it stays), and the checkpoints of the steps that got it there.
 *
 * @param reached the statuses the execution passes through, each one entry of its history; only the
 *     last may end the execution
 * @param checkpoints the completed steps' checkpoints, in the order they completed; none when the
 *     advance completes or rejects the execution, which is never replayed (only a failed one is),
 *     so that a completed forward stays under 1 KB
 * @param result the final result as JSON, or {@code null}
 * @param error why the execution failed or was rejected, or {@code null}
 */
public record Advance(
        String recordId,
        String owner,
        int round,
        int attempt,
        List<ExecutionStatus> reached,
        Instant at,
        List<Checkpoint> checkpoints,
        String result,
        ExecutionError error) {

    public Advance {
        reached = List.copyOf(reached);
        if (reached.isEmpty()) {
            throw new IllegalArgumentException("an advance reaches at least one status");
        }
        ExecutionStatus stays = reached.get(reached.size() - 1);
        checkpoints = stays.isTerminal() && stays != ExecutionStatus.FAILED ? List.of() : List.copyOf(checkpoints);
        if (reached.subList(0, reached.size() - 1).stream().anyMatch(ExecutionStatus::isTerminal)) {
            throw new IllegalArgumentException("nothing follows a status that ends the execution: " + reached);
        }
    }

    public static Advance to(String recordId, String owner, int round, int attempt, ExecutionStatus to, Instant at) {
        return new Advance(recordId, owner, round, attempt, List.of(to), at, List.of(), null, null);
    }

    /** One step's completion; see {@link #stepsCompleted}. */
    public static Advance stepCompleted(String recordId, String owner, int round, int attempt, String step,
            String resultJson, ExecutionStatus to, Instant at) {
        return stepsCompleted(recordId, owner, round, attempt, List.of(new CompletedStep(step, resultJson, to)), at);
    }

    /**
     * Steps' completions in the order they completed, each reaching its status. A step that ends the
     * execution leaves its result as the execution's result.
     */
    public static Advance stepsCompleted(
            String recordId, String owner, int round, int attempt, List<CompletedStep> steps, Instant at) {
        List<ExecutionStatus> reached = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        String result = null;
        for (CompletedStep step : steps) {
            reached.add(step.reached());
            checkpoints.add(new Checkpoint(step.step(), step.resultJson(), at, round, attempt));
            if (step.reached().isTerminal()) {
                result = step.resultJson();
            }
        }
        return new Advance(recordId, owner, round, attempt, reached, at, checkpoints, result, null);
    }

    /** Where the execution stays. */
    public ExecutionStatus to() {
        return reached.get(reached.size() - 1);
    }

    /** The history entries this advance appends, one per status reached. */
    public List<Transition> transitions() {
        return reached.stream().map(status -> new Transition(status, at, attempt, round)).toList();
    }

    /** The same advance, then on to one more status, such as the one that ends a failed execution. */
    public Advance thenTo(ExecutionStatus status) {
        List<ExecutionStatus> longer = new ArrayList<>(reached);
        longer.add(status);
        return new Advance(recordId, owner, round, attempt, longer, at, checkpoints, result, error);
    }

    public Advance withResult(String value) {
        return new Advance(recordId, owner, round, attempt, reached, at, checkpoints, value, error);
    }

    public Advance withError(ExecutionError value) {
        return new Advance(recordId, owner, round, attempt, reached, at, checkpoints, result, value);
    }
}
