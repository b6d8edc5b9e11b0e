package dev.hookline.events.store;

import dev.hookline.events.ExecutionStatus;

/** A write refused because the writer lost its lease or the status would not have moved forward. */
public final class StaleWriteException extends RuntimeException {

    public StaleWriteException(String recordId, ExecutionStatus target) {
        super("execution " + recordId + " can no longer move to " + target
                + ": the lease was lost or the status has moved on");
    }
}
