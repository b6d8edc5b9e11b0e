package dev.hookline.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.Lease;
import dev.hookline.events.ManualClock;
import dev.hookline.events.StoredBody;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.RecordingSqs;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.Advance;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.store.StoredExecutions;
import dev.hookline.events.store.listing.ExecutionListing;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reconciler against a real DynamoDB engine (dynalite), each test on a table of its own. */
class ReconcilerTest {

    private static final Duration THRESHOLD = Duration.ofMinutes(5);
    private static final String BODY = "{\"type\":\"order\",\"orderId\":\"R-1\"}";

    /** A table per test: a pass reads every execution in it. */
    private final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private final ExecutionStore store = dynamoDb.store();
    private final StoredExecutions executions = new StoredExecutions(store);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final ManualClock clock = new ManualClock(now);
    private final RecordingSqs sqs = new RecordingSqs();
    private final ExecutionListing listing = new ExecutionListing(dynamoDb.client(), dynamoDb.table());
    private final Reconciler reconciler = new Reconciler(listing,
            store, new WebhookQueue(sqs.client(), "http://sqs.local/queue"), THRESHOLD, clock);

    @AfterEach
    void dropTable() {
        reconciler.close();
        dynamoDb.afterAll(null);
    }

    @Test
    void anAcceptedWebhookWhoseMessageWasLostIsEnqueuedAgainWithItsBody() {
        ExecutionRecord lost = keptBody(executions.started("demo", "order", now.minus(Duration.ofMinutes(6))));

        ReconcileReport report = reconciler.reconcile();

        assertThat(report).isEqualTo(new ReconcileReport(1, 1, 0));
        assertThat(sqs.sentBodies).singleElement().satisfies(message -> {
            Envelope envelope = Json.read(message, Envelope.class);
            assertThat(envelope.token()).isEqualTo(lost.token());
            assertThat(envelope.body()).isEqualTo(BODY);
            assertThat(envelope.contentType()).isEqualTo("application/json");
            assertThat(envelope.receivedAt()).isEqualTo(lost.receivedAt());
        });
        assertThat(store.find(lost.recordId()).orElseThrow().requeued().count()).isEqualTo(1);
    }

    @Test
    void aRequeuedExecutionIsNotRequeuedAgainBeforeTwiceTheThreshold() {
        keptBody(executions.started("demo", "order", now.minus(Duration.ofMinutes(6))));
        reconciler.reconcile();

        clock.advance(THRESHOLD.multipliedBy(2).minusSeconds(1));
        assertThat(reconciler.reconcile().requeued()).as("within the doubled wait").isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(reconciler.reconcile().requeued()).as("after it").isEqualTo(1);
        assertThat(sqs.sentBodies).hasSize(2);
    }

    @Test
    void whatIsRecentFinalOrLeasedIsLeftAlone() {
        Instant longAgo = now.minus(Duration.ofHours(1));
        keptBody(executions.started("demo", "order", now.minus(Duration.ofMinutes(4))));
        for (ExecutionStatus status : List.of(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED,
                ExecutionStatus.REJECTED)) {
            keptBody(executions.moveTo(executions.started("demo", "order", longAgo), status));
        }
        ExecutionRecord leased = keptBody(executions.started("demo", "order", now.minus(Duration.ofMinutes(6))));
        store.claimUntouched(leased.recordId(), new Lease("p-1", now.plusSeconds(60)),
                now.minus(Duration.ofMinutes(6)));

        assertThat(reconciler.reconcile()).isEqualTo(new ReconcileReport(0, 0, 0));
        assertThat(sqs.sentBodies).isEmpty();
    }

    @Test
    void aStepWhoseProcessorVanishedIsEnqueuedAgainOnceItsLeaseIsLongOver() {
        ExecutionRecord processing = keptBody(executions.moveTo(
                executions.started("demo", "order", now.minus(Duration.ofHours(1))), ExecutionStatus.PROCESSING));

        assertThat(reconciler.reconcile().requeued()).isEqualTo(1);
        assertThat(Json.read(sqs.sentBodies.get(0), Envelope.class).token()).isEqualTo(processing.token());
    }

    @Test
    void aStuckExecutionWithoutAKeptBodyIsReportedNotEnqueued() {
        executions.started("demo", "order", now.minus(Duration.ofMinutes(6)));

        assertThat(reconciler.reconcile()).isEqualTo(new ReconcileReport(1, 0, 1));
        assertThat(sqs.sentBodies).isEmpty();
    }

    @Test
    void finishedExecutionsCostARunNoWriteButItsPosition() {
        Instant longAgo = now.minus(Duration.ofHours(1));
        for (ExecutionStatus status : List.of(ExecutionStatus.COMPLETED, ExecutionStatus.COMPLETED,
                ExecutionStatus.REJECTED, ExecutionStatus.FAILED)) {
            keptBody(executions.moveTo(executions.started("demo", "order", longAgo), status));
        }
        int writesBefore = dynamoDb.writes();

        assertThat(reconciler.reconcile()).isEqualTo(new ReconcileReport(0, 0, 0));

        assertThat(dynamoDb.writes() - writesBefore).as("the saved position only").isEqualTo(1);
        assertThat(store.reconciledUntil()).isPresent();
    }

    @Test
    void eachExecutionIsExaminedOnceAsItPassesTheThresholdAndTheNextRunGoesOnFromThere() {
        ExecutionRecord first = keptBody(executions.started("demo", "order", now.minus(Duration.ofMinutes(10))));
        ExecutionRecord notYet = keptBody(executions.started("demo", "order", now.minus(Duration.ofMinutes(3))));

        assertThat(reconciler.reconcile().requeued()).isEqualTo(1);
        String position = store.reconciledUntil().orElseThrow();
        assertThat(position).endsWith(first.recordId());

        clock.advance(Duration.ofMinutes(3));
        assertThat(reconciler.reconcile().requeued()).as("the second, once it passed the threshold").isEqualTo(1);
        assertThat(store.reconciledUntil().orElseThrow()).endsWith(notYet.recordId()).isGreaterThan(position);
        assertThat(sqs.sentBodies).extracting(body -> Json.read(body, Envelope.class).token())
                .containsExactly(first.token(), notYet.token());
    }

    @Test
    void anExecutionStillRunningAtTheThresholdIsWatchedAndEnqueuedOnceItStops() {
        ExecutionRecord running = keptBody(executions.started("demo", "order", now.minus(Duration.ofMinutes(6))));
        store.claimUntouched(running.recordId(), new Lease("p-1", now.plus(Duration.ofMinutes(2))), now);

        assertThat(reconciler.reconcile()).as("its lease is live").isEqualTo(new ReconcileReport(0, 0, 0));
        assertThat(listing.watched(10).executions()).extracting(summary -> summary.executionToken())
                .containsExactly(running.token().value());

        clock.advance(Duration.ofMinutes(2).plus(THRESHOLD).plusSeconds(1));
        assertThat(reconciler.reconcile().requeued()).as("its processor vanished; the watch list finds it")
                .isEqualTo(1);
    }

    @Test
    void completingAWatchedExecutionTakesItOffTheWatchList() {
        ExecutionRecord running = keptBody(executions.started("demo", "order", now.minus(Duration.ofMinutes(6))));
        store.claimUntouched(running.recordId(), new Lease("p-1", now.plus(Duration.ofMinutes(2))), now);
        reconciler.reconcile();

        store.advance(Advance.to(running.recordId(), "p-1", 1, 1, ExecutionStatus.COMPLETED, now.plusSeconds(1)));

        assertThat(listing.watched(10).executions()).isEmpty();
    }

    private ExecutionRecord keptBody(ExecutionRecord record) {
        store.keepBody(record, new StoredBody("application/json", BODY));
        return record;
    }
}
