package dev.hookline.events;

import java.time.Instant;

/**
 * One entry of an execution's history: the status it reached, when, and on which attempt and round.
 *
 * @param reason why the execution moved other than by finishing a step, such as {@link #REPLAY},
 *     or {@code null}
 */
public record Transition(ExecutionStatus status, Instant at, int attempt, int round, String reason) {

    /** The execution was sent back to the main queue after it failed, starting a new round. */
    public static final String REPLAY = "replay";

    public Transition(ExecutionStatus status, Instant at, int attempt, int round) {
        this(status, at, attempt, round, null);
    }
}
