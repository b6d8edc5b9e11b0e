package dev.hookline.processor.checkpoint;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.StepStart;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.Advance;
import dev.hookline.events.store.ExecutionStore;
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
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The checkpoint engine's {@link DurableContext} for one claimed execution. Checkpoints live on the
 * execution record: a step already checkpointed returns its stored result; a new step runs and its
 * result is written together with the status it leads to, in one conditional write. A failing
 * step is settled by {@link StepAttempt}: it unwinds with a scheduled retry or a
 * {@link StepFailedException}; every delivery of the message is one attempt.
 */
public final class CheckpointContext implements ExecutionContext {

    private final ExecutionStore store;
    private final ExecutionRecord record;
    private final String leaseOwner;
    private final Map<String, ExecutionStatus> statusAfterStep;
    private final Clock clock;
    private final List<Checkpoint> replayed;
    private int position;
    private int attemptOfLastCheckpoint;

    /**
     * @param statusAfterStep the status each step name leads to once it completed; a terminal
     *     status ends the execution and stores that step's result as the execution's result
     */
    public CheckpointContext(ExecutionStore store, ExecutionRecord record, String leaseOwner,
            Map<String, ExecutionStatus> statusAfterStep, Clock clock) {
        this.store = store;
        this.record = record;
        this.leaseOwner = leaseOwner;
        this.statusAfterStep = Map.copyOf(statusAfterStep);
        this.clock = clock;
        this.replayed = record.checkpoints();
        this.attemptOfLastCheckpoint = attemptOfLastCheckpoint(record);
    }

    @Override
    public int attempts() {
        return record.attempts();
    }

    @Override
    public <T> T step(String name, Class<T> resultType, Function<StepContext, T> action, StepConfig config) {
        int index = position++;
        if (index < replayed.size()) {
            return Json.read(replayedResult(replayed, index, name), resultType);
        }
        ExecutionStatus next = statusLeadingFrom(statusAfterStep, name);
        int attempt = stepAttempt();
        if (config.semantics() == StepSemantics.AT_MOST_ONCE_PER_RETRY) {
            settleInterruptedAttempt(name, config);
            store.markStepStarted(record.recordId(), leaseOwner,
                    new StepStart(name, record.round(), attempt, clock.instant()));
        }
        T result = StepAttempt.run(name, attempt, action, config);
        String json = Json.write(result);
        store.advance(Advance.stepCompleted(record.recordId(), leaseOwner, record.round(), record.attempts(), name,
                json, next, clock.instant()));
        attemptOfLastCheckpoint = record.attempts();
        return result;
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
     */
    private int stepAttempt() {
        return stepAttempt(record.attempts(), attemptOfLastCheckpoint);
    }

    /**
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
        StepStart started = record.stepStart();
        if (started == null || !started.step().equals(name) || started.round() != record.round()) {
            return;
        }
        StepInterruptedException interrupted = new StepInterruptedException(name, started.attempt());
        if (config.retryStrategy().decide(interrupted, started.attempt()) instanceof RetryDecision.GiveUp) {
            throw new StepFailedException(name, started.attempt(), interrupted.code(), interrupted.getMessage());
        }
    }
}
