package dev.hookline.events;

/**
 * Where an execution stands. Statuses only move forward within a round: a write that would lower
 * the {@link #rank()} is refused by the store's DynamoDB condition.
 */
public enum ExecutionStatus {
    STARTED(0),
    VALIDATING(1),
    PROCESSING(2),
    FINALIZING(3),
    COMPLETED(4),
    /** Validation failed: permanent, never retried. */
    REJECTED(4),
    /** Retries exhausted: the message is in the dead-letter queue and can be replayed. */
    FAILED(4);

    private final int rank;

    ExecutionStatus(int rank) {
        this.rank = rank;
    }

    /** Position in the progression; a status may only be replaced by one of higher rank. */
    public int rank() {
        return rank;
    }

    /** Whether the execution is finished: completed, rejected, or failed until someone replays it. */
    public boolean isTerminal() {
        return this == COMPLETED || this == REJECTED || this == FAILED;
    }
}
