package dev.hookline.processor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.Transition;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.processor.durable.config.StepConfig;
import dev.hookline.processor.durable.config.StepSemantics;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;
import dev.hookline.processor.durable.exception.NonDeterministicExecutionException;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.exception.StepException;
import dev.hookline.processor.durable.exception.StepFailedException;
import dev.hookline.processor.durable.exception.StepRetryScheduled;
import dev.hookline.processor.durable.retry.ExponentialBackoff;
import dev.hookline.processor.durable.retry.JitterStrategy;
import dev.hookline.processor.durable.retry.RetryStrategies;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CheckpointContextTest {

    private static final Map<String, ExecutionStatus> STEPS =
            Map.of("first", ExecutionStatus.PROCESSING, "second", ExecutionStatus.FINALIZING);
    private static final StepConfig THREE_ATTEMPTS = StepConfig.DEFAULT.withRetryStrategy(
            new ExponentialBackoff(3, Duration.ofSeconds(2), Duration.ofSeconds(60), 2.0, JitterStrategy.NONE));
    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final ExecutionStore store = dynamoDb.store();

    @Test
    void aCheckpointedStepReturnsItsStoredResultWithoutRunningAgain() {
        ExecutionRecord claimed = claim(started(), "first-run");
        CheckpointContext first = new CheckpointContext(store, claimed, "first-run", STEPS, Clock.systemUTC());
        first.step("first", Integer.class, step -> 41);
        first.flush();

        ExecutionRecord resumed = claim(store.find(claimed.recordId()).orElseThrow(), "second-run");
        AtomicInteger runs = new AtomicInteger();
        CheckpointContext context = new CheckpointContext(store, resumed, "second-run", STEPS, Clock.systemUTC());
        int replayed = context.step("first", Integer.class, step -> runs.incrementAndGet() + 100);
        String next = context.step("second", String.class, step -> "ran");
        context.flush();

        assertThat(replayed).isEqualTo(41);
        assertThat(runs).hasValue(0);
        assertThat(next).isEqualTo("ran");
        assertThat(store.find(claimed.recordId()).orElseThrow().status()).isEqualTo(ExecutionStatus.FINALIZING);
    }

    @Test
    void aDifferentStepAtACheckpointedPositionIsNonDeterministic() {
        ExecutionRecord claimed = claim(started(), "first-run");
        CheckpointContext first = new CheckpointContext(store, claimed, "first-run", STEPS, Clock.systemUTC());
        first.step("first", Integer.class, step -> 1);
        first.flush();

        ExecutionRecord resumed = claim(store.find(claimed.recordId()).orElseThrow(), "second-run");
        CheckpointContext context = new CheckpointContext(store, resumed, "second-run", STEPS, Clock.systemUTC());

        assertThatThrownBy(() -> context.step("second", String.class, step -> "x"))
                .isInstanceOf(NonDeterministicExecutionException.class)
                .hasMessageContaining("'first'").hasMessageContaining("'second'");
    }

    @Test
    void aTransientFailureIsRetriedByTheBackoffUntilTheAttemptsRunOut() {
        ExecutionRecord record = started();
        AtomicInteger runs = new AtomicInteger();

        StepRetryScheduled first = retryScheduled(record, runs);
        StepRetryScheduled second = retryScheduled(record, runs);
        assertThat(first.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(second.delay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(first.error().code()).isEqualTo("target_down");
        assertThat(first.error().message()).isEqualTo("first attempt 1 failed: 503 from target");
        assertThat(second.error().message()).contains("attempt 2");

        ExecutionRecord third = claim(store.find(record.recordId()).orElseThrow(), "third");
        assertThatThrownBy(() -> new CheckpointContext(store, third, "third", STEPS, Clock.systemUTC())
                .step("first", String.class, step -> failing(runs), THREE_ATTEMPTS))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("first failed on attempt 3: 503 from target");
        assertThat(runs).hasValue(3);
    }

    @Test
    void aStepsAttemptsCountFromTheDeliveryThatCompletedThePreviousStep() {
        ExecutionRecord claimed = claim(started(), "one");
        CheckpointContext firstDelivery = new CheckpointContext(store, claimed, "one", STEPS, Clock.systemUTC());
        firstDelivery.step("first", Integer.class, step -> step.attempt());
        assertThatThrownBy(() -> firstDelivery.step("second", String.class, step -> {
            throw new StepException("down", "attempt " + step.attempt());
        }, THREE_ATTEMPTS)).isInstanceOf(StepRetryScheduled.class).hasMessageContaining("second attempt 1 failed");

        ExecutionRecord again = claim(store.find(claimed.recordId()).orElseThrow(), "two");
        CheckpointContext secondDelivery = new CheckpointContext(store, again, "two", STEPS, Clock.systemUTC());
        int first = secondDelivery.step("first", Integer.class, step -> -1);
        String second = secondDelivery.step("second", String.class, step -> "attempt " + step.attempt(), THREE_ATTEMPTS);

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo("attempt 2");
    }

    @Test
    void aNonRetryableFailureFailsTheStepAtOnce() {
        ExecutionRecord claimed = claim(started(), "owner");

        assertThatThrownBy(() -> new CheckpointContext(store, claimed, "owner", STEPS, Clock.systemUTC())
                .step("first", String.class, step -> {
                    throw new NonRetryableStepException("forward_rejected", "target answered 404");
                }, THREE_ATTEMPTS))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("first failed on attempt 1: target answered 404");
    }

    @Test
    void aRejectionIsPassedOnUntouched() {
        ExecutionRecord claimed = claim(started(), "owner");

        assertThatThrownBy(() -> new CheckpointContext(store, claimed, "owner", STEPS, Clock.systemUTC())
                .step("first", String.class, step -> {
                    throw new ExecutionRejectedException("validation_failed", "orderId is missing");
                }))
                .isInstanceOf(ExecutionRejectedException.class);
    }

    @Test
    void anAtMostOnceAttemptInterruptedByACrashIsNeverRunAgain() {
        StepConfig once = StepConfig.DEFAULT.withRetryStrategy(RetryStrategies.Presets.NO_RETRY)
                .withSemantics(StepSemantics.AT_MOST_ONCE_PER_RETRY);
        ExecutionRecord claimed = claim(started(), "crashes");
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> new CheckpointContext(store, claimed, "crashes", STEPS, Clock.systemUTC())
                .step("first", String.class, step -> {
                    runs.incrementAndGet();
                    throw new SimulatedCrash();
                }, once)).isInstanceOf(SimulatedCrash.class);

        ExecutionRecord redelivered = claim(store.find(claimed.recordId()).orElseThrow(), "resumes");
        assertThatThrownBy(() -> new CheckpointContext(store, redelivered, "resumes", STEPS, Clock.systemUTC())
                .step("first", String.class, step -> "ran again " + runs.incrementAndGet(), once))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("interrupted");
        assertThat(runs).hasValue(1);
    }

    @Test
    void anAtMostOnceAttemptInterruptedByACrashCountsAsAFailedAttemptWhenRetriesRemain() {
        StepConfig once = THREE_ATTEMPTS.withSemantics(StepSemantics.AT_MOST_ONCE_PER_RETRY);
        ExecutionRecord claimed = claim(started(), "crashes");
        assertThatThrownBy(() -> new CheckpointContext(store, claimed, "crashes", STEPS, Clock.systemUTC())
                .step("first", String.class, step -> {
                    throw new SimulatedCrash();
                }, once)).isInstanceOf(SimulatedCrash.class);

        ExecutionRecord redelivered = claim(store.find(claimed.recordId()).orElseThrow(), "resumes");
        CheckpointContext resumed = new CheckpointContext(store, redelivered, "resumes", STEPS, Clock.systemUTC());
        String result = resumed.step("first", String.class, step -> "attempt " + step.attempt(), once);
        resumed.flush();

        assertThat(result).isEqualTo("attempt 2");
        assertThat(store.find(claimed.recordId()).orElseThrow().stepStart()).isNull();
    }

    @Test
    void aDeterministicStepWritesNothingUntilTheNextStepThatIsNot() {
        ExecutionRecord claimed = claim(started(), "owner");
        CheckpointContext context = new CheckpointContext(store, claimed, "owner", STEPS, Clock.systemUTC());
        dynamoDb.resetWrites();

        context.step("first", Integer.class, step -> 1, StepConfig.DETERMINISTIC);
        assertThat(dynamoDb.writes()).isZero();
        ExecutionRecord seenBySecond = context.step("second", ExecutionRecord.class,
                step -> store.find(claimed.recordId()).orElseThrow());
        assertThat(dynamoDb.writes()).as("the first step's checkpoint, before the second ran").isEqualTo(1);
        context.flush();

        assertThat(seenBySecond.status()).isEqualTo(ExecutionStatus.PROCESSING);
        assertThat(seenBySecond.checkpoints()).extracting(Checkpoint::step).containsExactly("first");
        assertThat(dynamoDb.writes()).isEqualTo(2);
        assertThat(store.find(claimed.recordId()).orElseThrow().checkpoints()).extracting(Checkpoint::step)
                .containsExactly("first", "second");
    }

    @Test
    void aFirstDeliveryClaimsTheUntouchedRecordWithTheWriteBeforeItsFirstSideEffect() {
        ExecutionRecord started = started();
        CheckpointContext context = CheckpointContext.untouched(store, started.recordId(),
                new Lease("lazy", Instant.now().plusSeconds(30)), STEPS, Clock.systemUTC());
        dynamoDb.resetWrites();

        context.step("first", Integer.class, step -> 1, StepConfig.DETERMINISTIC);
        assertThat(store.find(started.recordId()).orElseThrow().status()).isEqualTo(ExecutionStatus.STARTED);
        ExecutionRecord seenBySecond = context.step("second", ExecutionRecord.class,
                step -> store.find(started.recordId()).orElseThrow());

        assertThat(dynamoDb.writes()).isEqualTo(1);
        assertThat(seenBySecond.lease().owner()).isEqualTo("lazy");
        assertThat(seenBySecond.attempts()).isEqualTo(1);
        assertThat(seenBySecond.history()).extracting(Transition::status).containsExactly(
                ExecutionStatus.STARTED, ExecutionStatus.VALIDATING, ExecutionStatus.PROCESSING);
        assertThat(seenBySecond.checkpoints()).extracting(Checkpoint::step).containsExactly("first");
    }

    @Test
    void aFirstDeliveryOfARecordTouchedMeanwhileRunsNoSideEffectAndKeepsNothing() {
        ExecutionRecord started = started();
        CheckpointContext context = CheckpointContext.untouched(store, started.recordId(),
                new Lease("lazy", Instant.now().plusSeconds(30)), STEPS, Clock.systemUTC());
        context.step("first", Integer.class, step -> 1, StepConfig.DETERMINISTIC);
        ExecutionRecord leased = claim(started, "other");
        AtomicInteger sideEffects = new AtomicInteger();

        assertThatThrownBy(() -> context.step("second", Integer.class, step -> sideEffects.incrementAndGet()))
                .isInstanceOfSatisfying(FirstClaimRefusedException.class,
                        refused -> assertThat(refused.current()).contains(leased));
        assertThat(sideEffects).hasValue(0);
        assertThat(store.find(started.recordId())).contains(leased);
    }

    private static StepRetryScheduled retryScheduled(ExecutionRecord record, AtomicInteger runs) {
        String owner = UUID.randomUUID().toString();
        ExecutionRecord claimed = claim(store.find(record.recordId()).orElseThrow(), owner);
        try {
            new CheckpointContext(store, claimed, owner, STEPS, Clock.systemUTC())
                    .step("first", String.class, step -> failing(runs), THREE_ATTEMPTS);
        } catch (StepRetryScheduled scheduled) {
            store.postponeAttempt(claimed.recordId(), owner, scheduled.error(), Instant.now(), Instant.now());
            return scheduled;
        }
        throw new AssertionError("the step was expected to schedule a retry");
    }

    private static String failing(AtomicInteger runs) {
        runs.incrementAndGet();
        throw new StepException("target_down", "503 from target");
    }

    /** Stands for the process dying mid-step: nothing after it runs, nothing is cleaned up. */
    private static final class SimulatedCrash extends Error {
    }

    private static ExecutionRecord claim(ExecutionRecord observed, String owner) {
        return store.takeLease(observed, new Lease(owner, Instant.now().minusSeconds(1)), Instant.now())
                .orElseThrow();
    }

    private static ExecutionRecord started() {
        String key = "demo:" + UUID.randomUUID();
        Instant now = Instant.now();
        ExecutionRecord record = ExecutionRecord.started(ExecutionToken.issue(key, new SecureRandom()), key, "demo",
                "order", now, null, now.plusSeconds(3600), "hash", null);
        store.create(record);
        return record;
    }
}
