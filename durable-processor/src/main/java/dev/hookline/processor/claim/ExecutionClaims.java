package dev.hookline.processor.claim;

import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.Lease;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.FirstClaim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency for the processor: at most one processor runs an execution at a time, and a finished
 * execution never runs again. The execution record is the idempotency record; a claim is a lease
 * taken with a conditional write, and an expired lease may be taken over.
 */
public final class ExecutionClaims {

    private final ExecutionStore store;
    private final Duration leaseDuration;
    private final Clock clock;

    public ExecutionClaims(ExecutionStore store, Duration leaseDuration, Clock clock) {
        this.store = store;
        this.leaseDuration = leaseDuration;
        this.clock = clock;
    }

    public ClaimOutcome claim(String recordId) {
        Instant now = clock.instant();
        Lease lease = new Lease(UUID.randomUUID().toString(), now.plus(leaseDuration));
        FirstClaim first = store.claimUntouched(recordId, lease, now);
        if (first instanceof FirstClaim.Taken taken) {
            return new ClaimOutcome.Claimed(taken.record(), lease.owner());
        }
        Optional<ExecutionRecord> found = ((FirstClaim.Refused) first).current();
        if (found.isEmpty()) {
            return new ClaimOutcome.Missing();
        }
        ExecutionRecord observed = found.get();
        if (observed.status().isTerminal()) {
            return new ClaimOutcome.Finished(observed);
        }
        if (observed.lease() != null && observed.lease().isLiveAt(now)) {
            return new ClaimOutcome.Busy(observed.lease().until());
        }
        return store.takeLease(observed, lease, now)
                .<ClaimOutcome>map(claimed -> new ClaimOutcome.Claimed(claimed, lease.owner()))
                .orElseGet(() -> new ClaimOutcome.Busy(now.plus(leaseDuration)));
    }
}
