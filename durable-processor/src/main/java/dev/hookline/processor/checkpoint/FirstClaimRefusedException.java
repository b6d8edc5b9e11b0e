package dev.hookline.processor.checkpoint;

import dev.hookline.events.ExecutionRecord;
import java.util.Optional;

/**
 * A first delivery's first write, which was to take the claim, found the record touched by someone
 * else (or gone). Nothing the delivery did is kept: it ran deterministic steps only, and the claim
 * decides again from the record as it is.
 */
public final class FirstClaimRefusedException extends RuntimeException {

    private final transient Optional<ExecutionRecord> current;

    /** @param current the record as it is now, or empty when there is none */
    public FirstClaimRefusedException(String recordId, Optional<ExecutionRecord> current) {
        super("execution " + recordId + " was touched before this delivery could claim it");
        this.current = current;
    }

    public Optional<ExecutionRecord> current() {
        return current;
    }
}
