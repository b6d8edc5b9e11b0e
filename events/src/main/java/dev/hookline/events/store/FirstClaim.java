package dev.hookline.events.store;

import dev.hookline.events.ExecutionRecord;
import java.util.Optional;

/** The outcome of taking a lease: {@link ExecutionStore#claimUntouched} and {@link ExecutionStore#takeLease}. */
public sealed interface FirstClaim {

    /** The record was untouched and is now leased to the caller. */
    record Taken(ExecutionRecord record) implements FirstClaim {
    }

    /** The record was not untouched; {@code current} is how it is, or empty when it does not exist. */
    record Refused(Optional<ExecutionRecord> current) implements FirstClaim {
    }
}
