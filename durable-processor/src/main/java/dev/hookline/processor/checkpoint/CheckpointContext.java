package dev.hookline.processor.checkpoint;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.StepStart;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.Advance;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.processor.durable.DurableContext;
import dev.hookline.processor.durable.StepContext;
import dev.hookline.processor.durable.config.StepConfig;
import dev.hookline.processor.durable.config.StepSemantics;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;
import dev.hookline.processor.durable.exception.NonDeterministicExecutionException;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.exception.StepException;
import dev.hookline.processor.durable.exception.StepFailedException;
import dev.hookline.processor.durable.exception.StepInterruptedException;
import dev.hookline.processor.durable.exception.StepRetryScheduled;
import dev.hookline.processor.durable.retry.RetryDecision;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The checkpoint engine's {@link DurableContext} for one claimed execution. Checkpoints live on the
 * execution record: a step already checkpointed returns its stored result; a new step runs and its
 * result is written together with the status it leads to, in one conditional write. A failing
 * step asks its retry strategy what next and unwinds with {@link StepRetryScheduled} or
 * {@link StepFailedException}; every delivery of the message is one attempt.
 */
public final class CheckpointContext implements DurableContext {

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
        this.attemptOfLastCheckpoint = replayed.stream()
                .filter(checkpoint -> checkpoint.round() == record.round())
                .mapToInt(Checkpoint::attempt)
                .max()
                .orElse(0);
    }

    @Override
    public <T> T step(String name, Class<T> resultType, Function<StepContext, T> action, StepConfig config) {
        int index = position++;
        if (index < replayed.size()) {
            Checkpoint checkpoint = replayed.get(index);
            if (!checkpoint.step().equals(name)) {
                throw new NonDeterministicExecutionException(index, checkpoint.step(), name);
            }
            return Json.read(checkpoint.result(), resultType);
        }
        ExecutionStatus next = statusAfterStep.get(name);
        if (next == null) {
            throw new IllegalArgumentException("step '" + name + "' has no status to lead to");
        }
        int attempt = stepAttempt();
        if (config.semantics() == StepSemantics.AT_MOST_ONCE_PER_RETRY) {
            settleInterruptedAttempt(name, config);
            store.markStepStarted(record.recordId(), leaseOwner,
                    new StepStart(name, record.round(), attempt, clock.instant()));
        }
        T result = run(name, attempt, action, config);
        String json = Json.write(result);
        Instant now = clock.instant();
        Advance advance = Advance.to(record.recordId(), leaseOwner, record.round(), record.attempts(), next, now)
                .withCheckpoint(new Checkpoint(name, json, now, record.round(), record.attempts()));
        store.advance(next.isTerminal() ? advance.withResult(json) : advance);
        attemptOfLastCheckpoint = record.attempts();
        return result;
    }

    /**
     * Attempts of the current step so far, this one included: the deliveries in this round since the
     * previous step completed, counting the delivery that completed it.
     */
    private int stepAttempt() {
        return attemptOfLastCheckpoint == 0 ? record.attempts() : record.attempts() - attemptOfLastCheckpoint + 1;
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

    private <T> T run(String name, int attempt, Function<StepContext, T> action, StepConfig config) {
        try {
            return action.apply(new StepContext(name, attempt));
        } catch (ExecutionRejectedException rejected) {
            throw rejected;
        } catch (NonRetryableStepException permanent) {
            throw new StepFailedException(name, attempt, permanent.code(), permanent.getMessage());
        } catch (RuntimeException failure) {
            String code = failure instanceof StepException known ? known.code() : "step_failed";
            RetryDecision decision = config.retryStrategy().decide(failure, attempt);
            if (decision instanceof RetryDecision.Retry retry) {
                throw new StepRetryScheduled(retry.delay(),
                        new ExecutionError(code, name + " attempt " + attempt + " failed: " + reason(failure)));
            }
            throw new StepFailedException(name, attempt, code, reason(failure));
        }
    }

    /** What the status API shows of a failure: a sentence, never a stack trace. */
    private static String reason(RuntimeException failure) {
        if (failure instanceof StepException) {
            return failure.getMessage();
        }
        String type = failure.getClass().getSimpleName();
        return failure.getMessage() == null ? type : type + ": " + failure.getMessage();
    }
}
