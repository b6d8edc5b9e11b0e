package dev.hookline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.ManualClock;
import dev.hookline.events.Transition;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.telemetry.HooklineMetric.Dimension;
import dev.hookline.events.telemetry.HooklineMetric;
import dev.hookline.events.telemetry.LifecycleEvent;
import dev.hookline.events.telemetry.RecordedTelemetry;
import dev.hookline.ingest.source.Sources;
import dev.hookline.processor.action.ForwardTarget;
import dev.hookline.processor.action.Forwarder;
import dev.hookline.processor.claim.ExecutionClaims;
import dev.hookline.processor.workflow.WebhookWorkflow;
import dev.hookline.validator.Validator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class WebhookProcessorTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int MAX_RECEIVES = 5;
    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final ExecutionStore store = dynamoDb.store();

    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final ForwardTarget target = ForwardTarget.accepting();
    private final RecordedTelemetry telemetry = new RecordedTelemetry();
    private final WebhookProcessor processor = processor(dynamoDb.client());

    @AfterEach
    void stopTarget() {
        target.close();
    }

    @Test
    void aValidWebhookCompletesInTwoWrites() {
        Envelope envelope = accepted("demo", "order", "{\"type\":\"order\",\"orderId\":\"A-1\"}");
        dynamoDb.resetWrites();

        assertThat(processor.process(envelope, firstDelivery())).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(record.history()).extracting(Transition::status).containsExactly(
                ExecutionStatus.STARTED, ExecutionStatus.VALIDATING, ExecutionStatus.PROCESSING,
                ExecutionStatus.FINALIZING, ExecutionStatus.COMPLETED);
        assertThat(record.checkpoints()).as("a completed execution never replays: the completing write adds none")
                .extracting(Checkpoint::step).containsExactly("validate");
        assertThat(record.lease()).isNull();
        assertThat(record.attempts()).isEqualTo(1);
        assertThat(record.result()).contains("\"action\":\"record\"").doesNotContain("forwarded");
        assertThat(dynamoDb.writes()).as("the claim with validate's checkpoint, then process's with finalize's result")
                .isEqualTo(2);
    }

    @Test
    void aProcessedWebhookReportsEachStepThenItsCompletionUnderItsSourceAndSteps() {
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-30\"}");
        clock.advance(Duration.ofMillis(750));

        processor.process(envelope, firstDelivery());

        String recordId = envelope.token().recordId();
        assertThat(telemetry.kindsFor(recordId))
                .containsExactly("step_done", "forwarded", "step_done", "step_done", "finished");
        assertThat(telemetry.measurements()).filteredOn(m -> m.metric() == HooklineMetric.STEP_DURATION)
                .extracting(m -> m.dimensions().get(Dimension.STEP))
                .containsExactly("validate", "process", "finalize");
        assertThat(telemetry.measurements()).filteredOn(m -> m.metric() == HooklineMetric.STEP_DURATION)
                .allSatisfy(m -> assertThat(m.dimensions()).containsEntry(Dimension.SOURCE, "shop"));
        assertThat(telemetry.measurements()).filteredOn(m -> m.metric() == HooklineMetric.EXECUTIONS_COMPLETED)
                .singleElement().satisfies(m -> {
                    assertThat(m.value()).isEqualTo(1.0);
                    assertThat(m.dimensions()).isEqualTo(Map.of(Dimension.SOURCE, "shop"));
                });
        assertThat(telemetry.measurements()).filteredOn(m -> m.metric() == HooklineMetric.END_TO_END_LATENCY)
                .singleElement().satisfies(m -> assertThat(m.value()).isEqualTo(750.0));
        assertThat(telemetry.measurements()).filteredOn(m -> m.metric() == HooklineMetric.FORWARD_LATENCY)
                .singleElement().satisfies(m -> assertThat(m.value()).isGreaterThanOrEqualTo(0.0));
    }

    @Test
    void aRetriedStepIsReportedWithItsDelayAndAFailureOnceWhenRetriesRunOut() {
        target.answer((id, attempt) -> 503);
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-31\"}");

        processor.process(envelope, firstDelivery());
        clock.advance(Duration.ofSeconds(1));
        processor.process(envelope, delivery(2));
        clock.advance(Duration.ofSeconds(2));
        processor.process(envelope, delivery(3));
        clock.advance(Duration.ofSeconds(1));
        processor.process(envelope, delivery(4));

        String recordId = envelope.token().recordId();
        assertThat(telemetry.kindsFor(recordId)).containsExactly(
                "step_done", "retry_scheduled", "retry_scheduled", "finished");
        assertThat(telemetry.events()).filteredOn(event -> event instanceof LifecycleEvent.RetryScheduled)
                .extracting(event -> (LifecycleEvent.RetryScheduled) event)
                .extracting(LifecycleEvent.RetryScheduled::step, LifecycleEvent.RetryScheduled::attempt,
                        LifecycleEvent.RetryScheduled::delay)
                .containsExactly(tuple("process", 1, Duration.ofSeconds(1)), tuple("process", 2, Duration.ofSeconds(2)));
        assertThat(telemetry.events()).filteredOn(event -> event instanceof LifecycleEvent.Finished)
                .singleElement().satisfies(event -> {
                    LifecycleEvent.Finished finished = (LifecycleEvent.Finished) event;
                    assertThat(finished.status()).isEqualTo(ExecutionStatus.FAILED);
                    assertThat(finished.code()).isEqualTo("forward_failed");
                });
        assertThat(telemetry.measurements()).filteredOn(m -> m.metric() == HooklineMetric.STEP_RETRIES)
                .hasSize(2).allSatisfy(m -> assertThat(m.dimensions())
                        .isEqualTo(Map.of(Dimension.SOURCE, "shop", Dimension.STEP, "process")));
    }

    @Test
    void aCompletedExecutionDeliveredAgainIsAcknowledgedAndLeftAsItWas() {
        Envelope envelope = accepted("demo", "payment", "{\"type\":\"payment\",\"transactionId\":\"T-9\"}");
        processor.process(envelope, firstDelivery());
        ExecutionRecord completed = find(envelope);

        assertThat(processor.process(envelope, delivery(2))).isInstanceOf(RecordOutcome.Done.class);
        assertThat(store.find(envelope.token().recordId())).contains(completed);
    }

    @Test
    void anInvalidOrderIsRejectedWithItsReasonAndNotRetried() {
        Envelope envelope = accepted("demo", "order", "{\"type\":\"order\"}");

        assertThat(processor.process(envelope, firstDelivery())).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(record.error().code()).isEqualTo("validation_failed");
        assertThat(record.error().message()).contains("orderId");
    }

    @Test
    void anInvalidWebhookEndsRejectedInTheOneWriteThatClaimsIt() {
        Envelope envelope = accepted("demo", "order", "{\"type\":\"order\"}");
        dynamoDb.resetWrites();

        assertThat(processor.process(envelope, firstDelivery())).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = find(envelope);
        assertThat(dynamoDb.writes()).isEqualTo(1);
        assertThat(record.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(record.attempts()).isEqualTo(1);
        assertThat(record.lease()).isNull();
        assertThat(record.checkpoints()).isEmpty();
        assertThat(record.history()).extracting(Transition::status).containsExactly(
                ExecutionStatus.STARTED, ExecutionStatus.VALIDATING, ExecutionStatus.REJECTED);
    }

    @Test
    void aCompletedExecutionDeliveredAgainAsAFirstReceiveCostsOneRefusedWriteAndIsLeftAsItWas() {
        Envelope envelope = accepted("demo", "payment", "{\"type\":\"payment\",\"transactionId\":\"T-10\"}");
        processor.process(envelope, firstDelivery());
        ExecutionRecord completed = find(envelope);
        dynamoDb.resetWrites();

        assertThat(processor.process(envelope, new Delivery("duplicate", 1, clock.instant(), MAX_RECEIVES)))
                .isInstanceOf(RecordOutcome.Done.class);

        assertThat(dynamoDb.writes()).isEqualTo(1);
        assertThat(store.find(envelope.token().recordId())).contains(completed);
    }

    @Test
    void aBodyWithAByteOrderMarkIsRejectedWithItsReasonAfterOneDelivery() {
        Envelope envelope = accepted("demo", "order", "\uFEFF{\"type\":\"order\",\"orderId\":\"A-20\"}");

        assertThat(processor.process(envelope, firstDelivery())).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(record.attempts()).isEqualTo(1);
        assertThat(record.error().code()).isEqualTo("malformed_payload");
        assertThat(record.error().message()).contains("byte-order mark").doesNotContain("A-20", "orderId");
    }

    @Test
    void aUtf16BodyIsRejectedWithItsReasonAfterOneDelivery() {
        for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16)) {
            // What ingest puts in the envelope: the raw bytes decoded as UTF-8.
            String asEnqueued = new String("{\"type\":\"order\",\"orderId\":\"A-21\"}".getBytes(utf16),
                    StandardCharsets.UTF_8);
            Envelope envelope = accepted("shop", "order", asEnqueued);

            assertThat(processor.process(envelope, firstDelivery())).as(utf16.name()).isInstanceOf(RecordOutcome.Done.class);

            ExecutionRecord record = find(envelope);
            assertThat(record.status()).as(utf16.name()).isEqualTo(ExecutionStatus.REJECTED);
            assertThat(record.attempts()).isEqualTo(1);
            assertThat(record.error().code()).isEqualTo("malformed_payload");
            assertThat(record.error().message()).contains("UTF-16").doesNotContain("A-21", "orderId");
            assertThat(target.arrivals(record.recordId())).isEmpty();
        }
    }

    @Test
    void aBodyThatIsNotJsonIsRejectedNamingWhereItStopsWithoutQuotingIt() {
        Envelope envelope = accepted("demo", "order", "{\"type\": secret-token-42}");

        assertThat(processor.process(envelope, firstDelivery())).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(record.error().code()).isEqualTo("malformed_payload");
        assertThat(record.error().message()).startsWith("the body is not valid JSON (reading stopped at line 1, column ")
                .doesNotContain("secret");
    }

    @Test
    void aStorageFailureOnTheLastDeliveryTheQueueAllowsFailsTheExecution() {
        WebhookProcessor storageFailsOnce = processor(failingOnWrite(2));
        Envelope envelope = accepted("demo", "order", "{\"type\":\"order\",\"orderId\":\"A-22\"}");

        RecordOutcome outcome = storageFailsOnce.process(envelope, delivery(MAX_RECEIVES));

        assertThat(outcome).isEqualTo(new RecordOutcome.RetryLater(Duration.ZERO));
        ExecutionRecord failed = find(envelope);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("internal_error");
        assertThat(failed.error().message()).contains("the last of 5 deliveries");
    }

    @Test
    void aStorageFailureBeforeTheLastDeliveryIsRetriedAfterAPause() {
        WebhookProcessor storageFailsOnce = processor(failingOnWrite(2));
        Envelope envelope = accepted("demo", "order", "{\"type\":\"order\",\"orderId\":\"A-23\"}");

        RecordOutcome outcome = storageFailsOnce.process(envelope, firstDelivery());

        assertThat(outcome).isEqualTo(new RecordOutcome.RetryLater(WebhookProcessor.INFRASTRUCTURE_RETRY));
        assertThat(find(envelope).status()).isEqualTo(ExecutionStatus.PROCESSING);
        assertThat(find(envelope).error().code()).isEqualTo("internal_error");
    }

    @Test
    void aMessageThatIsNotAnEnvelopeGoesOnToTheDeadLetterQueueAtOnce() {
        for (String garbled : List.of("not an envelope", "", "null", "[1,2]", "{\"executionToken\":\"short\"}")) {
            assertThat(processor.processMessage(garbled, firstDelivery())).as(garbled)
                    .isEqualTo(new RecordOutcome.RetryLater(Duration.ZERO));
        }
    }

    @Test
    void anEnvelopeWithoutABodyGoesOnToTheDeadLetterQueueAndLeavesItsExecutionAlone() {
        Envelope envelope = accepted("demo", "order", "{}");
        Envelope bodiless = new Envelope(envelope.executionToken(), envelope.idempotencyKey(), envelope.source(),
                envelope.eventType(), envelope.receivedAt(), envelope.contentType(), null);

        assertThat(processor.processMessage(Json.write(bodiless), firstDelivery()))
                .isEqualTo(new RecordOutcome.RetryLater(Duration.ZERO));
        assertThat(find(envelope).status()).isEqualTo(ExecutionStatus.STARTED);
    }

    @Test
    void anExecutionLeasedByAnotherProcessorComesBackWhenTheLeaseEnds() {
        Envelope envelope = accepted("demo", "user", "{\"type\":\"user\"}");
        store.takeLease(find(envelope), new Lease("other", clock.instant().plusSeconds(12)), clock.instant())
                .orElseThrow();

        RecordOutcome outcome = processor.process(envelope, firstDelivery());

        assertThat(outcome).isEqualTo(new RecordOutcome.RetryLater(Duration.ofSeconds(12)));
        assertThat(find(envelope).status()).isEqualTo(ExecutionStatus.VALIDATING);
    }

    @Test
    void anExecutionLeasedByAnotherProcessorWhileThisOneValidatedIsLeftToItAndNotForwarded() {
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-14\"}");
        Lease other = new Lease("other", clock.instant().plusSeconds(20));
        WebhookProcessor overtaken = processor(beforeFirstUpdate(() ->
                store.takeLease(find(envelope), other, clock.instant()).orElseThrow()));

        RecordOutcome outcome = overtaken.process(envelope, firstDelivery());

        assertThat(outcome).isEqualTo(new RecordOutcome.RetryLater(Duration.ofSeconds(20)));
        ExecutionRecord record = find(envelope);
        assertThat(record.lease()).isEqualTo(other);
        assertThat(record.status()).isEqualTo(ExecutionStatus.VALIDATING);
        assertThat(record.checkpoints()).isEmpty();
        assertThat(target.arrivals(record.recordId())).isEmpty();
    }

    @Test
    void anExecutionWhoseLeaseRanOutWhileThisOneValidatedIsTakenOverAndCompleted() {
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-15\"}");
        WebhookProcessor overtaken = processor(beforeFirstUpdate(() -> store.takeLease(find(envelope),
                new Lease("crashed", clock.instant().minusSeconds(1)), clock.instant()).orElseThrow()));

        assertThat(overtaken.process(envelope, firstDelivery())).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(record.attempts()).isEqualTo(2);
        assertThat(record.checkpoints()).extracting(Checkpoint::step, Checkpoint::attempt)
                .containsExactly(tuple("validate", 2));
        assertThat(target.arrivals(record.recordId())).hasSize(1);
    }

    @Test
    void aCrashAfterProcessBeforeItsCheckpointIsWrittenRunsProcessAgainOnALaterDelivery() {
        WebhookProcessor crashesAfterProcess = processor(crashingOnWrite(2));
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-7\"}");
        try {
            crashesAfterProcess.process(envelope, firstDelivery());
            throw new AssertionError("the injected crash did not happen");
        } catch (SimulatedCrash expected) {
            assertThat(find(envelope).status()).isEqualTo(ExecutionStatus.PROCESSING);
            assertThat(target.arrivals(envelope.token().recordId())).hasSize(1);
        }

        assertThat(processor.process(envelope, delivery(2))).isInstanceOf(RecordOutcome.RetryLater.class);
        clock.advance(LEASE);
        assertThat(processor.process(envelope, delivery(3))).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(target.arrivals(record.recordId())).as("at least once: the crash lost process's checkpoint").hasSize(2);
        assertThat(record.result()).contains("\"forwarded\":{\"status\":200");
        assertThat(record.checkpoints()).as("validate replayed from its checkpoint; the completing write adds none")
                .extracting(Checkpoint::step, Checkpoint::attempt)
                .containsExactly(tuple("validate", 1));
        assertThat(record.history()).extracting(Transition::status).containsExactly(
                ExecutionStatus.STARTED, ExecutionStatus.VALIDATING, ExecutionStatus.PROCESSING,
                ExecutionStatus.FINALIZING, ExecutionStatus.COMPLETED);
    }

    @Test
    void aTransientFailureLeavesTheErrorAndComesBackAfterTheBackoff() {
        target.answer((id, attempt) -> 503);
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-8\"}");

        RecordOutcome outcome = processor.process(envelope, firstDelivery());

        assertThat(outcome).isEqualTo(new RecordOutcome.RetryLater(Duration.ofSeconds(1)));
        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.PROCESSING);
        assertThat(record.lease()).isEqualTo(new Lease(Lease.AWAITING_RETRY, clock.instant().plusSeconds(1)));
        assertThat(record.error().code()).isEqualTo("forward_failed");
        assertThat(record.error().message()).startsWith("process attempt 1 failed").contains("503");
    }

    @Test
    void aDuplicateDeliveredDuringTheBackoffWaitsForItInsteadOfRetryingEarly() {
        target.answer((id, attempt) -> 503);
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-13\"}");
        processor.process(envelope, firstDelivery());

        clock.advance(Duration.ofMillis(400));
        RecordOutcome duplicate = processor.process(envelope, new Delivery("duplicate", 1, clock.instant(), MAX_RECEIVES));

        assertThat(duplicate).isEqualTo(new RecordOutcome.RetryLater(Duration.ofMillis(600)));
        assertThat(target.arrivals(envelope.token().recordId())).hasSize(1);
    }

    @Test
    void exhaustedRetriesFailTheExecutionAndSendItsMessageOnToTheDeadLetterQueue() {
        target.answer((id, attempt) -> 503);
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-9\"}");

        assertThat(processor.process(envelope, firstDelivery()))
                .isEqualTo(new RecordOutcome.RetryLater(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(processor.process(envelope, delivery(2)))
                .isEqualTo(new RecordOutcome.RetryLater(Duration.ofSeconds(2)));
        clock.advance(Duration.ofSeconds(2));
        RecordOutcome last = processor.process(envelope, delivery(3));

        assertThat(last).isEqualTo(new RecordOutcome.RetryLater(Duration.ZERO));
        ExecutionRecord failed = find(envelope);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("forward_failed");
        assertThat(failed.error().message()).startsWith("process failed on attempt 3: ").contains("503");
        assertThat(target.arrivals(failed.recordId())).hasSize(3);

        clock.advance(Duration.ofSeconds(1));
        assertThat(processor.process(envelope, delivery(4)))
                .as("the failed message itself keeps going back until the redrive policy moves it")
                .isEqualTo(new RecordOutcome.RetryLater(Duration.ZERO));
        assertThat(find(envelope)).isEqualTo(failed);
    }

    @Test
    void theLastDeliveryTheQueueAllowsFailsTheExecutionEvenWithRetriesLeft() {
        target.answer((id, attempt) -> 503);
        Envelope envelope = accepted("demo-forward-patient", "order", "{\"type\":\"order\",\"orderId\":\"A-10\"}");

        RecordOutcome outcome = processor.process(envelope, delivery(MAX_RECEIVES));

        assertThat(outcome).isEqualTo(new RecordOutcome.RetryLater(Duration.ZERO));
        ExecutionRecord failed = find(envelope);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error().message()).contains("last of 5 deliveries");
    }

    @Test
    void aFailedExecutionReplayedFromTheDeadLetterQueueResumesInANewRound() {
        target.answer((id, attempt) -> attempt <= 3 ? 503 : 200);
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-11\"}");
        for (int receive = 1; receive <= 3; receive++) {
            processor.process(envelope, delivery(receive));
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(find(envelope).status()).isEqualTo(ExecutionStatus.FAILED);

        clock.advance(Duration.ofMinutes(5));
        Delivery replayed = new Delivery("moved-back", 1, clock.instant(), MAX_RECEIVES);
        assertThat(processor.process(envelope, replayed)).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(record.round()).isEqualTo(2);
        assertThat(record.error()).isNull();
        assertThat(record.history()).extracting(Transition::status, Transition::round, Transition::reason)
                .containsSubsequence(
                        tuple(ExecutionStatus.FAILED, 1, null),
                        tuple(ExecutionStatus.PROCESSING, 2, Transition.REPLAY),
                        tuple(ExecutionStatus.FINALIZING, 2, null),
                        tuple(ExecutionStatus.COMPLETED, 2, null));
        assertThat(record.checkpoints()).extracting(Checkpoint::step, Checkpoint::round)
                .as("validate resumed from round 1's checkpoint; the completing write adds none")
                .containsExactly(tuple("validate", 1));
        assertThat(telemetry.kindsFor(record.recordId())).as("told once of each change, the replay included")
                .containsSubsequence("finished", "replayed", "step_done", "step_done", "finished")
                .containsOnlyOnce("replayed");
        assertThat(telemetry.events()).filteredOn(event -> event instanceof LifecycleEvent.Replayed)
                .singleElement().isEqualTo(new LifecycleEvent.Replayed("shop", record.recordId(), 2,
                        ExecutionStatus.PROCESSING));
        assertThat(target.arrivals(record.recordId())).hasSize(4);
        assertThat(processor.process(envelope, new Delivery("again", 1, clock.instant(), MAX_RECEIVES)))
                .as("replaying a completed execution does nothing")
                .isInstanceOf(RecordOutcome.Done.class);
        assertThat(target.arrivals(record.recordId())).hasSize(4);
    }

    @Test
    void theSameMessageDeliveredTwentyTimesAtOnceRunsTheWorkflowOnce() throws Exception {
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-12\"}");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RecordOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Callable<RecordOutcome> delivery = () -> {
                start.await();
                return processor.process(envelope, firstDelivery());
            };
            outcomes.add(pool.submit(delivery));
        }
        start.countDown();
        for (Future<RecordOutcome> outcome : outcomes) {
            outcome.get();
        }
        pool.shutdown();

        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(record.attempts()).isEqualTo(1);
        assertThat(target.arrivals(record.recordId())).hasSize(1);
        assertThat(record.history()).hasSize(5);
    }

    private WebhookProcessor processor(DynamoDbClient client) {
        ExecutionStore executions = new ExecutionStore(client, dynamoDb.table());
        Sources sources = Sources.parse("""
                sources:
                  demo: { scheme: none }
                  shop:
                    scheme: none
                    action: forward
                    forwardUrl: %1$s
                    forwardSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                    retry: { maxAttempts: 3, initialDelaySeconds: 1, maxDelaySeconds: 10, backoffRate: 2, jitter: none }
                  demo-forward-patient:
                    scheme: none
                    action: forward
                    forwardUrl: %1$s
                    forwardSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                    retry: { maxAttempts: 20, initialDelaySeconds: 1, jitter: none }
                """.formatted(target.url()));
        return new WebhookProcessor(executions,
                new ExecutionClaims(executions, LEASE, WebhookWorkflow.STATUS_AFTER_STEP, clock, telemetry),
                new WebhookWorkflow(Validator.withDefaultRules(), sources, Forwarder.create(Duration.ofSeconds(5), clock),
                        telemetry),
                clock, telemetry);
    }

    /** A client that lets {@code meanwhile} happen, as another processor would, just before its first update. */
    private static DynamoDbClient beforeFirstUpdate(Runnable meanwhile) {
        DynamoDbClient real = dynamoDb.client();
        AtomicInteger updates = new AtomicInteger();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("updateItem") && updates.incrementAndGet() == 1) {
                        meanwhile.run();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A client that dies, as the process would, on its n-th write: nothing after it runs. */
    private static DynamoDbClient crashingOnWrite(int n) {
        return throwingOnWrite(n, SimulatedCrash::new);
    }

    /** A client whose n-th write is refused, as DynamoDB refuses one when it throttles, and whose others succeed. */
    private static DynamoDbClient failingOnWrite(int n) {
        return throwingOnWrite(n, () -> ProvisionedThroughputExceededException.builder().message("throttled").build());
    }

    private static DynamoDbClient throwingOnWrite(int n, Supplier<Throwable> failure) {
        DynamoDbClient real = dynamoDb.client();
        AtomicInteger writes = new AtomicInteger();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("updateItem") && writes.incrementAndGet() == n) {
                        throw failure.get();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static final class SimulatedCrash extends Error {
    }

    private Delivery firstDelivery() {
        return delivery(1);
    }

    private Delivery delivery(int receiveCount) {
        return new Delivery("message-1", receiveCount, Instant.EPOCH, MAX_RECEIVES);
    }

    private static ExecutionRecord find(Envelope envelope) {
        return store.find(envelope.token().recordId()).orElseThrow();
    }

    private Envelope accepted(String source, String type, String body) {
        String key = source + ":" + UUID.randomUUID();
        ExecutionToken token = ExecutionToken.issue(key, new SecureRandom());
        Instant now = clock.instant();
        store.create(ExecutionRecord.started(token, key, source, type, now, null, now.plusSeconds(3600), "hash",
                null));
        return new Envelope(token.value(), key, source, type, now, "application/json", body);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
