package dev.hookline.processor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.InProcessDynamoDb;
import dev.hookline.processor.durable.NonDeterministicExecutionException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CheckpointContextTest {

    private static final Map<String, ExecutionStatus> STEPS =
            Map.of("first", ExecutionStatus.PROCESSING, "second", ExecutionStatus.FINALIZING);
    @RegisterExtension
    static final InProcessDynamoDb dynamoDb = new InProcessDynamoDb();
    private static final ExecutionStore store = dynamoDb.store();

    @Test
    void aCheckpointedStepReturnsItsStoredResultWithoutRunningAgain() {
        ExecutionRecord claimed = claim(started(), "first-run");
        new CheckpointContext(store, claimed, "first-run", STEPS, Clock.systemUTC())
                .step("first", Integer.class, step -> 41);

        ExecutionRecord resumed = claim(store.find(claimed.recordId()).orElseThrow(), "second-run");
        AtomicInteger runs = new AtomicInteger();
        CheckpointContext context = new CheckpointContext(store, resumed, "second-run", STEPS, Clock.systemUTC());
        int replayed = context.step("first", Integer.class, step -> runs.incrementAndGet() + 100);
        String next = context.step("second", String.class, step -> "ran on attempt " + step.attempt());

        assertThat(replayed).isEqualTo(41);
        assertThat(runs).hasValue(0);
        assertThat(next).isEqualTo("ran on attempt 2");
        assertThat(store.find(claimed.recordId()).orElseThrow().status()).isEqualTo(ExecutionStatus.FINALIZING);
    }

    @Test
    void aDifferentStepAtACheckpointedPositionIsNonDeterministic() {
        ExecutionRecord claimed = claim(started(), "first-run");
        new CheckpointContext(store, claimed, "first-run", STEPS, Clock.systemUTC())
                .step("first", Integer.class, step -> 1);

        ExecutionRecord resumed = claim(store.find(claimed.recordId()).orElseThrow(), "second-run");
        CheckpointContext context = new CheckpointContext(store, resumed, "second-run", STEPS, Clock.systemUTC());

        assertThatThrownBy(() -> context.step("second", String.class, step -> "x"))
                .isInstanceOf(NonDeterministicExecutionException.class)
                .hasMessageContaining("'first'").hasMessageContaining("'second'");
    }

    private static ExecutionRecord claim(ExecutionRecord observed, String owner) {
        return store.takeLease(observed, new Lease(owner, Instant.now().minusSeconds(1)), Instant.now())
                .orElseThrow();
    }

    private static ExecutionRecord started() {
        String key = "demo:" + UUID.randomUUID();
        Instant now = Instant.now();
        ExecutionRecord record = ExecutionRecord.started(ExecutionToken.issue(key, new SecureRandom()), key, "demo",
                "order", now, null, now.plusSeconds(3600), "hash");
        store.create(record);
        return record;
    }
}
