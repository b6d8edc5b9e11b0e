package dev.hookline.processor.claim;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.Lease;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.FirstClaim;
import dev.hookline.events.telemetry.LifecycleEvent;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.processor.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency for the processor: at most one processor runs an execution at a time, and a finished
 * execution never runs again. The execution record is the idempotency record; a claim is a lease
 * taken with a conditional write, and an expired lease may be taken over. A failed execution whose
 * message comes back from the dead-letter queue is claimed in a new round.
 */
public final class ExecutionClaims {

    private final ExecutionStore store;
    private final Duration leaseDuration;
    private final Map<String, ExecutionStatus> statusAfterStep;
    private final Clock clock;
    private final Telemetry telemetry;

    /**
     * @param statusAfterStep the status each step leads to, from which a replay resumes
     * @param telemetry is told of every replay that starts a new round
     */
    public ExecutionClaims(ExecutionStore store, Duration leaseDuration, Map<String, ExecutionStatus> statusAfterStep,
            Clock clock, Telemetry telemetry) {
        this.store = store;
        this.telemetry = telemetry;
        this.leaseDuration = leaseDuration;
        this.statusAfterStep = Map.copyOf(statusAfterStep);
        this.clock = clock;
    }

    /**
     * Claims the delivered execution before any of its steps runs. A first delivery tries the
     * common case, a record nobody has touched, in a single write.
     */
    public ClaimOutcome claim(String recordId, Delivery delivery) {
        Instant now = clock.instant();
        Lease lease = leaseFrom(now);
        if (delivery.isFirstReceive()) {
            FirstClaim first = store.claimUntouched(recordId, lease, now);
            if (first instanceof FirstClaim.Taken taken) {
                return new ClaimOutcome.Claimed(taken.record(), lease.owner());
            }
            return decide(((FirstClaim.Refused) first).current(), delivery, lease, now);
        }
        // A redelivery has usually been touched already: a read costs less than a refused write.
        return decide(store.find(recordId), delivery, lease, now);
    }

    /**
     * Claims the execution as it was found after a write that presumed it untouched was refused,
     * exactly as {@link #claim} does after its own first write was refused.
     *
     * @param found the record as the refusal found it, or empty when there is none
     */
    public ClaimOutcome claimAsFound(Optional<ExecutionRecord> found, Delivery delivery) {
        Instant now = clock.instant();
        return decide(found, delivery, leaseFrom(now), now);
    }

    /** A lease for a claim taken from now on: this processor's, for as long as an attempt may take. */
    public Lease newLease() {
        return leaseFrom(clock.instant());
    }

    private Lease leaseFrom(Instant now) {
        return new Lease(UUID.randomUUID().toString(), now.plus(leaseDuration));
    }

    private ClaimOutcome decide(Optional<ExecutionRecord> found, Delivery delivery, Lease lease, Instant now) {
        if (found.isEmpty()) {
            return new ClaimOutcome.Missing();
        }
        ExecutionRecord observed = found.get();
        if (observed.status() == ExecutionStatus.FAILED) {
            return delivery.isReplayOf(observed) ? replay(observed, lease, now) : new ClaimOutcome.DeadLettering(observed);
        }
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

    private ClaimOutcome replay(ExecutionRecord failed, Lease lease, Instant now) {
        Optional<ExecutionRecord> started = store.startRound(failed, resumeStatus(failed.checkpoints()), lease, now);
        if (started.isEmpty()) {
            return new ClaimOutcome.Busy(now);
        }
        telemetry.emit(new LifecycleEvent.Replayed(failed.source(), failed.recordId(), started.get().round(),
                started.get().status()));
        return new ClaimOutcome.Claimed(started.get(), lease.owner());
    }

    private ExecutionStatus resumeStatus(List<Checkpoint> checkpoints) {
        return checkpoints.isEmpty()
                ? ExecutionStatus.VALIDATING
                : statusAfterStep.get(checkpoints.get(checkpoints.size() - 1).step());
    }
}
