package dev.hookline.processor.sdk;

import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.Advance;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.StaleWriteException;
import dev.hookline.processor.ExecutionContext;
import dev.hookline.processor.checkpoint.CheckpointContext;
import dev.hookline.processor.durable.StepAttempt;
import dev.hookline.processor.durable.StepContext;
import dev.hookline.processor.durable.config.StepConfig;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.exception.StepRetryScheduled;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import software.amazon.lambda.durable.DurableContext;
import software.amazon.lambda.durable.config.StepSemantics;
import software.amazon.lambda.durable.retry.RetryDecision;
import software.amazon.lambda.durable.retry.RetryStrategy;

/**
 * A claimed execution's context on a Lambda durable function. Steps an earlier delivery completed
 * replay from the record's checkpoints, as on the checkpoint engine; the others run as SDK steps
 * that write the same checkpoint and status to the record, so the status API cannot tell the
 * engines apart. A retry due inside the durable execution's window waits in the SDK, suspended; one
 * due later is handed to the queue, as the checkpoint engine does with every retry.
 */
final class SdkExecutionContext implements ExecutionContext {

    /** Only a {@link RetryInWindow} is retried by the SDK; every other ending is a step result. */
    private static final RetryStrategy RETRY_WHEN_ASKED = (error, attempt) -> error instanceof RetryInWindow retry
            ? RetryDecision.retry(wholeSeconds(retry.delay()))
            : RetryDecision.fail();

    private final DurableContext sdk;
    private final ExecutionStore store;
    private final ExecutionRecord record;
    private final String leaseOwner;
    private final Map<String, ExecutionStatus> statusAfterStep;
    private final Clock clock;
    private final Instant retryDeadline;
    private int position;
    private int attempts;
    private int attemptOfLastCheckpoint;

    /** @param retryDeadline the latest time a retry may be due and still be waited for in the SDK */
    SdkExecutionContext(DurableContext sdk, ExecutionStore store, ExecutionRecord record, String leaseOwner,
            Map<String, ExecutionStatus> statusAfterStep, Clock clock, Instant retryDeadline) {
        this.sdk = sdk;
        this.store = store;
        this.record = record;
        this.leaseOwner = leaseOwner;
        this.statusAfterStep = Map.copyOf(statusAfterStep);
        this.clock = clock;
        this.retryDeadline = retryDeadline;
        this.attempts = record.attempts();
        this.attemptOfLastCheckpoint = CheckpointContext.attemptOfLastCheckpoint(record);
    }

    @Override
    public int round() {
        return record.round();
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public <T> T step(String name, Class<T> resultType, Function<StepContext, T> action, StepConfig config) {
        int index = position++;
        if (index < record.checkpoints().size()) {
            return Json.read(CheckpointContext.replayedResult(record.checkpoints(), index, name), resultType);
        }
        ExecutionStatus next = CheckpointContext.statusLeadingFrom(statusAfterStep, name);
        int attemptsBefore = attempts;
        int stepAttemptBefore = CheckpointContext.stepAttempt(attempts, attemptOfLastCheckpoint);
        StepOutcome outcome = sdk.step(name, StepOutcome.class,
                step -> attempt(name, next, attemptsBefore + step.getAttempt() - 1,
                        stepAttemptBefore + step.getAttempt() - 1, action, config),
                sdkConfig(config));
        attempts = outcome.attempts();
        if (outcome instanceof StepOutcome.Completed completed) {
            attemptOfLastCheckpoint = attempts;
            return Json.read(completed.resultJson(), resultType);
        }
        throw unwinding(outcome, next);
    }

    private <T> StepOutcome attempt(String name, ExecutionStatus next, int attemptsNow, int stepAttempt,
            Function<StepContext, T> action, StepConfig config) {
        try {
            String json = Json.write(StepAttempt.run(name, stepAttempt, action, config));
            store.advance(Advance.stepCompleted(record.recordId(), leaseOwner, record.round(), attemptsNow, name,
                    json, next, clock.instant()));
            return new StepOutcome.Completed(json, attemptsNow);
        } catch (StepRetryScheduled retry) {
            return retry(retry, attemptsNow);
        } catch (ExecutionRejectedException rejected) {
            return new StepOutcome.Rejected(rejected.code(), rejected.getMessage(), attemptsNow);
        } catch (NonRetryableStepException failed) {
            return new StepOutcome.Failed(failed.code(), failed.getMessage(), attemptsNow);
        } catch (StaleWriteException lostLease) {
            return new StepOutcome.LeaseLost(lostLease.getMessage(), attemptsNow);
        } catch (RuntimeException notRecorded) {
            return new StepOutcome.NotRecorded(notRecorded.toString(), attemptsNow);
        }
    }

    /** Every step wrote its own checkpoint as it completed: nothing is held back. */
    @Override
    public void flush() {
    }

    @Override
    public void end(ExecutionStatus status, ExecutionError error) {
        store.advance(Advance.to(record.recordId(), leaseOwner, record.round(), attempts, status, clock.instant())
                .withError(error));
    }

    @Override
    public void postpone(ExecutionError error, Duration delay) {
        Instant now = clock.instant();
        store.postponeAttempt(record.recordId(), leaseOwner, error, now.plus(delay), now);
    }

    /** Waits in the SDK when the retry is due inside the window, counting the attempt that follows. */
    private StepOutcome retry(StepRetryScheduled retry, int attemptsNow) {
        Instant now = clock.instant();
        if (now.plus(retry.delay()).isAfter(retryDeadline)) {
            return new StepOutcome.RetryByQueue(retry.step(), retry.attempt(), retry.delay(), retry.error(),
                    attemptsNow);
        }
        try {
            store.recordRetry(record.recordId(), leaseOwner, record.round(), retry.error(), attemptsNow + 1, now);
        } catch (StaleWriteException lostLease) {
            return new StepOutcome.LeaseLost(lostLease.getMessage(), attemptsNow);
        } catch (RuntimeException notRecorded) {
            return new StepOutcome.NotRecorded(notRecorded.toString(), attemptsNow);
        }
        throw new RetryInWindow(retry.delay(), retry.error().message());
    }

    /** The same exception the checkpoint engine raises for this ending, for the processor to settle. */
    private RuntimeException unwinding(StepOutcome outcome, ExecutionStatus next) {
        if (outcome instanceof StepOutcome.RetryByQueue retry) {
            return new StepRetryScheduled(retry.step(), retry.stepAttempt(), retry.delay(), retry.error());
        }
        if (outcome instanceof StepOutcome.Rejected rejected) {
            return new ExecutionRejectedException(rejected.code(), rejected.message());
        }
        if (outcome instanceof StepOutcome.Failed failed) {
            return new NonRetryableStepException(failed.code(), failed.message());
        }
        if (outcome instanceof StepOutcome.LeaseLost) {
            return new StaleWriteException(record.recordId(), next);
        }
        return new IllegalStateException(((StepOutcome.NotRecorded) outcome).reason());
    }

    static software.amazon.lambda.durable.config.StepConfig sdkConfig(StepConfig config) {
        return software.amazon.lambda.durable.config.StepConfig.builder()
                .retryStrategy(RETRY_WHEN_ASKED)
                .semanticsPerRetry(StepSemantics.valueOf(config.semantics().name()))
                .build();
    }

    /** The SDK schedules in whole seconds and truncates; a short delay never becomes 0 s. */
    static Duration wholeSeconds(Duration delay) {
        return Duration.ofSeconds(Math.max(1, (delay.toMillis() + 999) / 1000));
    }
}
