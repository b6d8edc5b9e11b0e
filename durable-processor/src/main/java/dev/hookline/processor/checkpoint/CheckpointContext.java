package dev.hookline.processor.checkpoint;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.Lease;
import dev.hookline.events.StepStart;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.Advance;
import dev.hookline.events.store.CompletedStep;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.FirstClaim;
import dev.hookline.processor.ExecutionContext;
import dev.hookline.processor.durable.DurableContext;
import dev.hookline.processor.durable.StepAttempt;
import dev.hookline.processor.durable.StepContext;
import dev.hookline.processor.durable.config.StepConfig;
import dev.hookline.processor.durable.config.StepSemantics;
import dev.hookline.processor.durable.exception.NonDeterministicExecutionException;
import dev.hookline.processor.durable.exception.StepFailedException;
import dev.hookline.processor.durable.exception.StepInterruptedException;
import dev.hookline.processor.durable.retry.RetryDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The checkpoint engine's {@link DurableContext} for one execution. Checkpoints live on the execution
 * record: a step already checkpointed returns its stored result; a new step runs and its result is
 * held back, to be written with the status it leads to in the next conditional write, which comes
 * before the next step that is not deterministic runs, or when the workflow returns or ends. So a
 * crash before that write loses only results that the next delivery computes again, as it would if
 * the crash had come before the step's own write. A failing step is settled by {@link StepAttempt}:
 * it unwinds with a scheduled retry or a {@link StepFailedException}; every delivery of the message
 * is one attempt.
 *
 * <p>On a first delivery the claim itself is held back too ({@link #untouched}): the record is
 * presumed untouched, and the first write takes the lease in the same conditional update, or is
 * refused with a {@link FirstClaimRefusedException} before any step with side effects has run.
 */
public final class CheckpointContext implements ExecutionContext {

    private final ExecutionStore store;
    private final String recordId;
    private final int round;
    private final int attempts;
    private final List<Checkpoint> replayed;
    private final StepStart stepStart;
    private final String leaseOwner;
    private final Map<String, ExecutionStatus> statusAfterStep;
    private final Clock clock;
    private final List<CompletedStep> heldBack = new ArrayList<>();
    /** Until when the first write is to lease a record presumed untouched; {@code null} once the lease is held. */
    private Instant untakenLeaseUntil;
    private int position;
    private int attemptOfLastCheckpoint;

    /**
     * A context for an execution this delivery has claimed.
     *
     * @param statusAfterStep the status each step name leads to once it completed; a terminal
     *     status ends the execution and stores that step's result as the execution's result
     */
    public CheckpointContext(ExecutionStore store, ExecutionRecord record, String leaseOwner,
            Map<String, ExecutionStatus> statusAfterStep, Clock clock) {
        this(store, record.recordId(), record.round(), record.attempts(), record.checkpoints(), record.stepStart(),
                leaseOwner, null, statusAfterStep, clock);
        this.attemptOfLastCheckpoint = attemptOfLastCheckpoint(record);
    }

    private CheckpointContext(ExecutionStore store, String recordId, int round, int attempts,
            List<Checkpoint> replayed, StepStart stepStart, String leaseOwner, Instant untakenLeaseUntil,
            Map<String, ExecutionStatus> statusAfterStep, Clock clock) {
        this.store = store;
        this.recordId = recordId;
        this.round = round;
        this.attempts = attempts;
        this.replayed = List.copyOf(replayed);
        this.stepStart = stepStart;
        this.leaseOwner = leaseOwner;
        this.untakenLeaseUntil = untakenLeaseUntil;
        this.statusAfterStep = Map.copyOf(statusAfterStep);
        this.clock = clock;
    }

    /**
     * A context for a first delivery's execution, presumed untouched since ingest wrote it (first
     * round, no attempt, no checkpoint), whose claim is taken with {@code lease} by its first write.
     */
    public static CheckpointContext untouched(ExecutionStore store, String recordId, Lease lease,
            Map<String, ExecutionStatus> statusAfterStep, Clock clock) {
        return new CheckpointContext(store, recordId, 1, 1, List.of(), null, lease.owner(), lease.until(),
                statusAfterStep, clock);
    }

    @Override
    public int round() {
        return round;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public <T> T step(String name, Class<T> resultType, Function<StepContext, T> action, StepConfig config) {
        int index = position++;
        if (index < replayed.size()) {
            return Json.read(replayedResult(replayed, index, name), resultType);
        }
        ExecutionStatus next = statusLeadingFrom(statusAfterStep, name);
        int attempt = stepAttempt(attempts, attemptOfLastCheckpoint);
        if (config.semantics() == StepSemantics.AT_MOST_ONCE_PER_RETRY) {
            settleInterruptedAttempt(name, config);
        }
        if (!config.deterministic()) {
            // A side effect must not run before the claim is ours, nor be repeated for want of the checkpoints before it.
            flush();
        }
        if (config.semantics() == StepSemantics.AT_MOST_ONCE_PER_RETRY) {
            store.markStepStarted(recordId, leaseOwner, new StepStart(name, round, attempt, clock.instant()));
        }
        T result = StepAttempt.run(name, attempt, action, config);
        heldBack.add(new CompletedStep(name, Json.write(result), next));
        attemptOfLastCheckpoint = attempts;
        return result;
    }

    @Override
    public void flush() {
        if (!heldBack.isEmpty()) {
            write(Advance.stepsCompleted(recordId, leaseOwner, round, attempts, takeHeldBack(), clock.instant()));
        } else if (untakenLeaseUntil != null) {
            takeLeaseAlone();
        }
    }

    @Override
    public void end(ExecutionStatus status, ExecutionError error) {
        Instant now = clock.instant();
        Advance ending = heldBack.isEmpty()
                ? Advance.to(recordId, leaseOwner, round, attempts, status, now)
                : Advance.stepsCompleted(recordId, leaseOwner, round, attempts, takeHeldBack(), now).thenTo(status);
        write(ending.withError(error));
    }

    @Override
    public void postpone(ExecutionError error, Duration delay) {
        // What the failed attempt held back is dropped, as a crash would drop it: the next attempt computes it again.
        heldBack.clear();
        if (untakenLeaseUntil != null) {
            // The lease is what the postponement hands on to the attempt that follows.
            takeLeaseAlone();
        }
        Instant now = clock.instant();
        store.postponeAttempt(recordId, leaseOwner, error, now.plus(delay), now);
    }

    /** Each result is written once at most: after a failed write it is lost, as in a crash, and computed again. */
    private List<CompletedStep> takeHeldBack() {
        List<CompletedStep> taken = List.copyOf(heldBack);
        heldBack.clear();
        return taken;
    }

    private void write(Advance advance) {
        if (untakenLeaseUntil == null) {
            store.advance(advance);
        } else {
            takeLease(store.advanceUntouched(advance, untakenLeaseUntil));
        }
    }

    private void takeLeaseAlone() {
        takeLease(store.claimUntouched(recordId, new Lease(leaseOwner, untakenLeaseUntil), clock.instant()));
    }

    private void takeLease(FirstClaim claim) {
        if (claim instanceof FirstClaim.Refused refused) {
            throw new FirstClaimRefusedException(recordId, refused.current());
        }
        untakenLeaseUntil = null;
    }

    /**
     * The result a step checkpointed at this position of the workflow in an earlier delivery.
     *
     * @throws NonDeterministicExecutionException when the workflow now runs another step there
     */
    public static String replayedResult(List<Checkpoint> checkpoints, int index, String name) {
        Checkpoint checkpoint = checkpoints.get(index);
        if (!checkpoint.step().equals(name)) {
            throw new NonDeterministicExecutionException(index, checkpoint.step(), name);
        }
        return checkpoint.result();
    }

    /** The status a step leads to once it completed. */
    public static ExecutionStatus statusLeadingFrom(Map<String, ExecutionStatus> statusAfterStep, String name) {
        ExecutionStatus next = statusAfterStep.get(name);
        if (next == null) {
            throw new IllegalArgumentException("step '" + name + "' has no status to lead to");
        }
        return next;
    }

    /**
     * Attempts of the current step so far, this one included: the deliveries in this round since the
     * previous step completed, counting the delivery that completed it.
     *
     * @param attempts the execution's attempts in this round so far
     * @param attemptOfLastCheckpoint the attempt that completed the previous step, 0 when none has
     */
    public static int stepAttempt(int attempts, int attemptOfLastCheckpoint) {
        return attemptOfLastCheckpoint == 0 ? attempts : attempts - attemptOfLastCheckpoint + 1;
    }

    /** The attempt that completed the last step checkpointed in the record's current round, 0 when none. */
    public static int attemptOfLastCheckpoint(ExecutionRecord record) {
        return record.checkpoints().stream()
                .filter(checkpoint -> checkpoint.round() == record.round())
                .mapToInt(Checkpoint::attempt)
                .max()
                .orElse(0);
    }

    /** An at-most-once attempt that started and never finished is a failed attempt, never a rerun. */
    private void settleInterruptedAttempt(String name, StepConfig config) {
        if (stepStart == null || !stepStart.step().equals(name) || stepStart.round() != round) {
            return;
        }
        StepInterruptedException interrupted = new StepInterruptedException(name, stepStart.attempt());
        if (config.retryStrategy().decide(interrupted, stepStart.attempt()) instanceof RetryDecision.GiveUp) {
            throw new StepFailedException(name, stepStart.attempt(), interrupted.code(), interrupted.getMessage());
        }
    }
}
