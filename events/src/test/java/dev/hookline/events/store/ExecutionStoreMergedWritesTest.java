package dev.hookline.events.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.Transition;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several steps' completions, and a first claim, written together in one conditional write. */
class ExecutionStoreMergedWritesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123Z");
    private static final Instant LEASE_UNTIL = NOW.plusSeconds(60);
    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final ExecutionStore store = dynamoDb.store();

    @Test
    void oneAdvanceWritesEveryCompletedStepAndEachStatusItReached() {
        ExecutionRecord claimed = claimed("owner");
        store.advance(Advance.stepCompleted(claimed.recordId(), "owner", 1, 1, "validate", "{}",
                ExecutionStatus.PROCESSING, NOW));
        dynamoDb.resetWrites();

        store.advance(Advance.stepsCompleted(claimed.recordId(), "owner", 1, 1, List.of(
                new CompletedStep("process", "{\"n\":1}", ExecutionStatus.FINALIZING),
                new CompletedStep("finalize", "{\"done\":true}", ExecutionStatus.COMPLETED)), NOW));

        ExecutionRecord after = store.find(claimed.recordId()).orElseThrow();
        assertThat(dynamoDb.writes()).isEqualTo(1);
        assertThat(after.history()).extracting(Transition::status).containsExactly(ExecutionStatus.STARTED,
                ExecutionStatus.VALIDATING, ExecutionStatus.PROCESSING, ExecutionStatus.FINALIZING,
                ExecutionStatus.COMPLETED);
        assertThat(after.lease()).isNull();
        assertThat(after.result()).isEqualTo("{\"done\":true}");
        assertThat(after.checkpoints()).as("a completed execution never replays: the write that completes it adds none")
                .extracting(Checkpoint::step).containsExactly("validate");
    }

    @Test
    void anAdvanceIsRefusedWhenTheRecordAlreadyReachedItsFirstStatus() {
        ExecutionRecord claimed = claimed("owner");
        store.advance(Advance.to(claimed.recordId(), "owner", 1, 1, ExecutionStatus.FINALIZING, NOW));

        assertThatThrownBy(() -> store.advance(Advance.to(claimed.recordId(), "owner", 1, 1,
                ExecutionStatus.FINALIZING, NOW).thenTo(ExecutionStatus.COMPLETED)))
                .isInstanceOf(StaleWriteException.class);
        assertThat(store.find(claimed.recordId()).orElseThrow().history()).hasSize(3);
    }

    @Test
    void nothingMayFollowAStatusThatEndsTheExecution() {
        assertThatThrownBy(() -> Advance.to("id", "owner", 1, 1, ExecutionStatus.COMPLETED, NOW)
                .thenTo(ExecutionStatus.FAILED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUntouchedRecordIsClaimedAndAdvancedInOneWrite() {
        ExecutionRecord started = created();
        dynamoDb.resetWrites();

        FirstClaim claim = store.advanceUntouched(Advance.stepCompleted(started.recordId(), "first", 1, 1, "validate",
                "{\"valid\":true}", ExecutionStatus.PROCESSING, NOW), LEASE_UNTIL);

        assertThat(dynamoDb.writes()).isEqualTo(1);
        assertThat(claim).isInstanceOf(FirstClaim.Taken.class);
        ExecutionRecord after = store.find(started.recordId()).orElseThrow();
        assertThat(((FirstClaim.Taken) claim).record()).isEqualTo(after);
        assertThat(after.status()).isEqualTo(ExecutionStatus.PROCESSING);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.lease()).isEqualTo(new Lease("first", LEASE_UNTIL));
        assertThat(after.history()).extracting(Transition::status, Transition::attempt).containsExactly(
                tuple(ExecutionStatus.STARTED, 0), tuple(ExecutionStatus.VALIDATING, 1),
                tuple(ExecutionStatus.PROCESSING, 1));
        assertThat(after.checkpoints()).containsExactly(new Checkpoint("validate", "{\"valid\":true}", NOW, 1, 1));
    }

    @Test
    void anUntouchedRecordCanEndInTheWriteThatClaimsIt() {
        ExecutionRecord started = created();

        store.advanceUntouched(Advance.to(started.recordId(), "first", 1, 1, ExecutionStatus.REJECTED, NOW)
                .withError(new ExecutionError("validation_failed", "orderId is missing")), LEASE_UNTIL);

        ExecutionRecord after = store.find(started.recordId()).orElseThrow();
        assertThat(after.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.lease()).isNull();
        assertThat(after.error().code()).isEqualTo("validation_failed");
        assertThat(after.history()).extracting(Transition::status).containsExactly(
                ExecutionStatus.STARTED, ExecutionStatus.VALIDATING, ExecutionStatus.REJECTED);
    }

    @Test
    void aTouchedRecordRefusesTheUntouchedAdvanceAndIsReturnedAsItIs() {
        ExecutionRecord leased = claimed("other");

        FirstClaim claim = store.advanceUntouched(Advance.stepCompleted(leased.recordId(), "late", 1, 1, "validate",
                "{}", ExecutionStatus.PROCESSING, NOW), LEASE_UNTIL);

        assertThat(claim).isEqualTo(new FirstClaim.Refused(store.find(leased.recordId())));
        assertThat(store.find(leased.recordId())).contains(leased);
    }

    private static ExecutionRecord claimed(String owner) {
        ExecutionRecord started = created();
        return store.takeLease(started, new Lease(owner, LEASE_UNTIL), NOW).orElseThrow();
    }

    private static ExecutionRecord created() {
        String key = "demo:" + UUID.randomUUID();
        ExecutionRecord started = ExecutionRecord.started(ExecutionToken.issue(key, new SecureRandom()), key, "demo",
                "order", NOW, null, NOW.plusSeconds(7 * 24 * 3600).truncatedTo(ChronoUnit.SECONDS), "abc123", null);
        store.create(started);
        return started;
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
