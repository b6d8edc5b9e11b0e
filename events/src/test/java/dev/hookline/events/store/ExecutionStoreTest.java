package dev.hookline.events.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.StepStart;
import dev.hookline.events.Transition;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ExecutionStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123Z");
    private static final Instant LATER = NOW.plusSeconds(3600);
    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final ExecutionStore store = dynamoDb.store();

    @Test
    void createdRecordReadsBackUnchanged() {
        ExecutionRecord started = started();
        assertThat(store.create(started)).isInstanceOf(CreateOutcome.Created.class);
        assertThat(store.find(started.recordId())).contains(started);
    }

    @Test
    void aKeptPayloadReadsBackExactlyAsReceivedAndOutlivesLaterWrites() {
        String key = "demo:" + UUID.randomUUID();
        String body = "{\"type\":\"order\",  \"note\":\"caf\u00e9\"}\n";
        ExecutionRecord started = ExecutionRecord.started(ExecutionToken.issue(key, new SecureRandom()), key, "demo",
                "order", NOW, NOW.plusSeconds(10), NOW.plusSeconds(60), "abc123", body);
        store.create(started);
        store.claimUntouched(started.recordId(), new Lease("first", LATER), NOW);

        assertThat(store.find(started.recordId()).orElseThrow().payload()).isEqualTo(body);
    }

    @Test
    void aRecordWithoutPayloadStoresNoPayloadAttribute() {
        ExecutionRecord started = started();
        store.create(started);

        assertThat(dynamoDb.client().getItem(get -> get.tableName(dynamoDb.table())
                .key(Map.of("id", AttributeValue.fromS(started.recordId())))).item()).doesNotContainKey("payload");
        assertThat(store.find(started.recordId()).orElseThrow().payload()).isNull();
    }

    @Test
    void secondCreateForSameKeyReturnsTheOriginalRecord() {
        ExecutionRecord first = started();
        store.create(first);
        ExecutionRecord retry = ExecutionRecord.started(ExecutionToken.issue(first.idempotencyKey(), new SecureRandom()),
                first.idempotencyKey(), "demo", "order", NOW.plusSeconds(5), NOW.plusSeconds(15), NOW.plusSeconds(60),
                "other-hash", null);

        CreateOutcome outcome = store.create(retry);

        assertThat(outcome).isInstanceOf(CreateOutcome.Existing.class);
        assertThat(outcome.record().token()).isEqualTo(first.token());
        assertThat(outcome.record().payloadSha256()).isEqualTo(first.payloadSha256());
    }

    @Test
    void aRefusedFirstClaimReturnsTheRecordAsItNowIs() {
        ExecutionRecord started = started();
        store.create(started);
        store.claimUntouched(started.recordId(), new Lease("first", LATER), NOW);

        FirstClaim second = store.claimUntouched(started.recordId(), new Lease("second", LATER), NOW.plusSeconds(1));

        assertThat(second).isInstanceOf(FirstClaim.Refused.class);
        ExecutionRecord current = ((FirstClaim.Refused) second).current().orElseThrow();
        assertThat(current.status()).isEqualTo(ExecutionStatus.VALIDATING);
        assertThat(current.lease().owner()).isEqualTo("first");
    }

    @Test
    void aFirstClaimOfAMissingRecordIsRefusedWithNoRecord() {
        FirstClaim claim = store.claimUntouched("missing-" + UUID.randomUUID(), new Lease("first", LATER), NOW);

        assertThat(claim).isEqualTo(new FirstClaim.Refused(Optional.empty()));
    }

    @Test
    void expiredRecordsAreDeletedAndUnexpiredOnesKept() {
        Instant sweepAt = NOW.minusSeconds(3600);
        ExecutionRecord expired = expiringAt(NOW.minus(1, ChronoUnit.DAYS));
        ExecutionRecord live = expiringAt(NOW);
        store.create(expired);
        store.create(live);
        long before = store.count();

        int deleted = store.deleteExpired(sweepAt);

        assertThat(deleted).isEqualTo(1);
        assertThat(store.find(expired.recordId())).isEmpty();
        assertThat(store.find(live.recordId())).isPresent();
        assertThat(store.count()).isEqualTo(before - 1);
    }

    private static ExecutionRecord expiringAt(Instant expiresAt) {
        String key = "demo:" + UUID.randomUUID();
        Instant receivedAt = expiresAt.minus(7, ChronoUnit.DAYS);
        return ExecutionRecord.started(ExecutionToken.issue(key, new SecureRandom()), key, "demo", "order",
                receivedAt, receivedAt.plusSeconds(10), expiresAt, "abc123", null);
    }

    @Test
    void nobodyElseMayEnqueueWhileTheFirstEnqueuerStillHoldsTheClaim() {
        ExecutionRecord started = started();
        store.create(started);

        assertThat(store.claimEnqueue(started.recordId(), NOW.plusSeconds(20), NOW.plusSeconds(1))).isFalse();
        assertThat(store.claimEnqueue(started.recordId(), NOW.plusSeconds(40), NOW.plusSeconds(11))).isTrue();
    }

    @Test
    void aReleasedClaimCanBeTakenAtOnceButAClaimedExecutionNeverNeedsEnqueueing() {
        ExecutionRecord started = started();
        store.create(started);
        store.releaseEnqueue(started.recordId());
        assertThat(store.claimEnqueue(started.recordId(), NOW.plusSeconds(20), NOW.plusSeconds(1))).isTrue();

        store.claimUntouched(started.recordId(), new Lease("first", LATER), NOW.plusSeconds(2));
        assertThat(store.claimEnqueue(started.recordId(), NOW.plusSeconds(99), NOW.plusSeconds(90))).isFalse();
    }

    @Test
    void takingTheLeaseOfAStartedRecordMovesItToValidating() {
        ExecutionRecord started = started();
        store.create(started);

        ExecutionRecord claimed = store.takeLease(started, lease("a"), NOW).orElseThrow();

        assertThat(claimed.status()).isEqualTo(ExecutionStatus.VALIDATING);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.lease().owner()).isEqualTo("a");
        assertThat(claimed.history()).extracting(t -> t.status())
                .containsExactly(ExecutionStatus.STARTED, ExecutionStatus.VALIDATING);
    }

    @Test
    void aLeaseTakenFromAStaleObservationIsRefused() {
        ExecutionRecord started = started();
        store.create(started);
        store.takeLease(started, lease("a"), NOW).orElseThrow();

        assertThat(store.takeLease(started, lease("b"), NOW)).isEmpty();
        assertThat(store.find(started.recordId()).orElseThrow().lease().owner()).isEqualTo("a");
    }

    @Test
    void advanceWritesCheckpointAndStatusTogether() {
        ExecutionRecord claimed = claimed("owner");
        store.advance(Advance.stepCompleted(claimed.recordId(), "owner", 1, 1, "validate", "{\"ok\":true}",
                ExecutionStatus.PROCESSING, NOW));

        ExecutionRecord after = store.find(claimed.recordId()).orElseThrow();
        assertThat(after.status()).isEqualTo(ExecutionStatus.PROCESSING);
        assertThat(after.checkpoints()).containsExactly(new Checkpoint("validate", "{\"ok\":true}", NOW, 1, 1));
    }

    @Test
    void aStatusNeverMovesBackwards() {
        ExecutionRecord claimed = claimed("owner");
        store.advance(Advance.to(claimed.recordId(), "owner", 1, 1, ExecutionStatus.FINALIZING, NOW));

        assertThatThrownBy(() -> store.advance(
                Advance.to(claimed.recordId(), "owner", 1, 1, ExecutionStatus.PROCESSING, NOW)))
                .isInstanceOf(StaleWriteException.class);
        assertThat(store.find(claimed.recordId()).orElseThrow().status()).isEqualTo(ExecutionStatus.FINALIZING);
    }

    @Test
    void aWriterWithoutTheLeaseIsRefused() {
        ExecutionRecord claimed = claimed("owner");

        assertThatThrownBy(() -> store.advance(
                Advance.to(claimed.recordId(), "intruder", 1, 1, ExecutionStatus.PROCESSING, NOW)))
                .isInstanceOf(StaleWriteException.class);
    }

    @Test
    void aTerminalStatusReleasesTheLeaseAndKeepsResultAndError() {
        ExecutionRecord claimed = claimed("owner");
        store.advance(Advance.to(claimed.recordId(), "owner", 1, 1, ExecutionStatus.REJECTED, NOW)
                .withError(new ExecutionError("validation_failed", "orderId is missing")));

        ExecutionRecord after = store.find(claimed.recordId()).orElseThrow();
        assertThat(after.lease()).isNull();
        assertThat(after.error()).isEqualTo(new ExecutionError("validation_failed", "orderId is missing"));
    }

    @Test
    void aFailedAttemptKeepsTheExecutionWaitingUntilItsRetryIsDueAndRecordsTheError() {
        ExecutionRecord claimed = claimed("owner");
        ExecutionError timeout = new ExecutionError("forward_failed", "timed out");
        store.postponeAttempt(claimed.recordId(), "someone-else", timeout, LATER, NOW);
        assertThat(store.find(claimed.recordId()).orElseThrow().lease().owner()).isEqualTo("owner");

        store.postponeAttempt(claimed.recordId(), "owner", timeout, LATER, NOW);
        ExecutionRecord waiting = store.find(claimed.recordId()).orElseThrow();
        assertThat(waiting.lease()).isEqualTo(new Lease(Lease.AWAITING_RETRY, LATER));
        assertThat(waiting.lease().isLiveAt(LATER.minusMillis(1))).isTrue();
        assertThat(waiting.lease().isLiveAt(LATER)).isFalse();
        assertThat(waiting.error()).isEqualTo(timeout);
    }

    @Test
    void aRetryByTheLeaseHolderCountsTheNextAttemptAndKeepsTheLease() {
        ExecutionRecord claimed = claimed("owner");
        ExecutionError timeout = new ExecutionError("forward_failed", "process attempt 1 failed: 503");
        assertThatThrownBy(() -> store.recordRetry(claimed.recordId(), "intruder", 1, timeout, 2, NOW))
                .isInstanceOf(StaleWriteException.class);
        assertThatThrownBy(() -> store.recordRetry(claimed.recordId(), "owner", 2, timeout, 2, NOW))
                .as("another round").isInstanceOf(StaleWriteException.class);

        store.recordRetry(claimed.recordId(), "owner", 1, timeout, 2, NOW);

        ExecutionRecord retrying = store.find(claimed.recordId()).orElseThrow();
        assertThat(retrying.attempts()).isEqualTo(2);
        assertThat(retrying.error()).isEqualTo(timeout);
        assertThat(retrying.lease()).isEqualTo(claimed.lease());
        assertThat(retrying.history()).isEqualTo(claimed.history());
    }

    @Test
    void completingClearsTheLastTransientError() {
        ExecutionRecord claimed = claimed("owner");
        store.postponeAttempt(claimed.recordId(), "owner", new ExecutionError("forward_failed", "503"), NOW, NOW);
        ExecutionRecord retried = store.takeLease(store.find(claimed.recordId()).orElseThrow(), lease("owner"), NOW)
                .orElseThrow();

        store.advance(Advance.to(retried.recordId(), "owner", 1, 2, ExecutionStatus.COMPLETED, NOW));

        assertThat(store.find(claimed.recordId()).orElseThrow().error()).isNull();
    }

    @Test
    void aStepStartIsRecordedOnlyByTheLeaseHolderAndClearedByTheNextAdvance() {
        ExecutionRecord claimed = claimed("owner");
        StepStart start = new StepStart("process", 1, 1, NOW);
        assertThatThrownBy(() -> store.markStepStarted(claimed.recordId(), "intruder", start))
                .isInstanceOf(StaleWriteException.class);

        store.markStepStarted(claimed.recordId(), "owner", start);
        assertThat(store.find(claimed.recordId()).orElseThrow().stepStart()).isEqualTo(start);

        store.advance(Advance.to(claimed.recordId(), "owner", 1, 1, ExecutionStatus.FINALIZING, NOW));
        assertThat(store.find(claimed.recordId()).orElseThrow().stepStart()).isNull();
    }

    @Test
    void aFailedExecutionStartsOneNewRoundWhereItsCheckpointsLetItResume() {
        ExecutionRecord claimed = claimed("owner");
        store.advance(Advance.to(claimed.recordId(), "owner", 1, 1, ExecutionStatus.FAILED, NOW)
                .withError(new ExecutionError("forward_failed", "503")));
        ExecutionRecord failed = store.find(claimed.recordId()).orElseThrow();

        ExecutionRecord replayed = store.startRound(failed, ExecutionStatus.PROCESSING, lease("replayer"), LATER)
                .orElseThrow();

        assertThat(replayed.round()).isEqualTo(2);
        assertThat(replayed.attempts()).isEqualTo(1);
        assertThat(replayed.status()).isEqualTo(ExecutionStatus.PROCESSING);
        assertThat(replayed.error()).isNull();
        assertThat(replayed.lease().owner()).isEqualTo("replayer");
        assertThat(replayed.history()).last()
                .isEqualTo(new Transition(ExecutionStatus.PROCESSING, LATER, 1, 2, Transition.REPLAY));
        assertThat(store.startRound(failed, ExecutionStatus.PROCESSING, lease("late"), LATER)).isEmpty();
        assertThatThrownBy(() -> store.advance(
                Advance.to(claimed.recordId(), "replayer", 1, 1, ExecutionStatus.FINALIZING, LATER)))
                .as("a writer from the old round is refused")
                .isInstanceOf(StaleWriteException.class);
        store.advance(Advance.to(claimed.recordId(), "replayer", 2, 1, ExecutionStatus.FINALIZING, LATER));
    }

    private static ExecutionRecord claimed(String owner) {
        ExecutionRecord started = started();
        store.create(started);
        return store.takeLease(started, lease(owner), NOW).orElseThrow();
    }

    private static Lease lease(String owner) {
        return new Lease(owner, NOW.plusSeconds(60).truncatedTo(ChronoUnit.MILLIS));
    }

    private static ExecutionRecord started() {
        String key = "demo:" + UUID.randomUUID();
        return ExecutionRecord.started(ExecutionToken.issue(key, new SecureRandom()), key, "demo", "order", NOW,
                NOW.plusSeconds(10), NOW.plusSeconds(7 * 24 * 3600).truncatedTo(ChronoUnit.SECONDS), "abc123", null);
    }
}
