package dev.hookline.processor.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static software.amazon.lambda.durable.model.ExecutionStatus.SUCCEEDED;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.Transition;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.Advance;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.ingest.source.Sources;
import dev.hookline.processor.Delivery;
import dev.hookline.processor.Redelivery;
import dev.hookline.processor.WebhookProcessor;
import dev.hookline.processor.action.ForwardTarget;
import dev.hookline.processor.action.Forwarder;
import dev.hookline.processor.claim.ExecutionClaims;
import dev.hookline.processor.durable.config.StepConfig;
import dev.hookline.processor.durable.config.StepSemantics;
import dev.hookline.processor.workflow.WebhookWorkflow;
import dev.hookline.validator.Validator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.lambda.durable.DurableConfig;
import software.amazon.lambda.durable.testing.LocalDurableTestRunner;
import software.amazon.lambda.durable.testing.TestOperation;
import software.amazon.lambda.durable.testing.TestResult;
import software.amazon.lambda.durable.testing.local.LocalMemoryExecutionClient;

/**
 * The durable function's handler on the SDK's in-memory durable backend, with the real workflow and
 * the execution records in dynalite: what the mapping sends goes in, the record comes out exactly as
 * the checkpoint engine writes it.
 */
class DurableWebhookHandlerTest {

    private static final Duration LEASE = Duration.ofMinutes(16);
    private static final int MAX_RECEIVES = 10;
    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final ExecutionStore store = dynamoDb.store();

    /** The production handler, but checkpointing to memory instead of calling Lambda. */
    static final class InMemoryHandler extends DurableWebhookHandler {
        InMemoryHandler(WebhookProcessor processor, Redelivery redelivery, Duration retryWindow) {
            super(processor, store, redelivery, MAX_RECEIVES, Clock.systemUTC(), retryWindow);
        }

        @Override
        protected DurableConfig createConfiguration() {
            return settings(DurableConfig.builder().withDurableExecutionClient(new LocalMemoryExecutionClient()))
                    .build();
        }
    }

    private final ForwardTarget target = ForwardTarget.accepting();
    private final SqsClient sqs = mock(SqsClient.class);
    private final WebhookProcessor processor = processor();

    @AfterEach
    void stopTarget() {
        target.close();
    }

    @Test
    void aValidOrderCompletesWithTheSameRecordAsOnTheCheckpointEngine() {
        Envelope durable = accepted("demo", "order", "{\"type\":\"order\",\"orderId\":\"A-1\"}");
        Envelope checkpoint = accepted("demo", "order", "{\"type\":\"order\",\"orderId\":\"A-1\"}");

        BatchResponse response = run(batch(message(durable, 1)));
        processor.process(checkpoint, new Delivery("m-" + checkpoint.idempotencyKey(), 1, Instant.now(), MAX_RECEIVES));

        assertThat(response.batchItemFailures()).isEmpty();
        ExecutionRecord onSdk = find(durable);
        ExecutionRecord onCheckpointEngine = find(checkpoint);
        assertThat(onSdk.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(visible(onSdk)).isEqualTo(visible(onCheckpointEngine));
        // The checkpoint engine writes process's completion in the write that completes the execution, which
        // keeps no checkpoint; the SDK adapter writes it on its own first.
        assertThat(onSdk.checkpoints()).extracting(Checkpoint::step, Checkpoint::result)
                .startsWith(onCheckpointEngine.checkpoints().stream()
                        .map(step -> tuple(step.step(), step.result())).toArray(Tuple[]::new))
                .hasSize(2);
        assertThat(onSdk.lease()).isNull();
        verify(sqs, never()).changeMessageVisibility(any(Consumer.class));
    }

    @Test
    void aForwardFailingTwiceThenSucceedingCompletesInOneDeliveryWithEachAttemptCounted() {
        target.answer((id, attempt) -> attempt <= 2 ? 503 : 200);
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-2\"}");

        BatchResponse response = run(batch(message(envelope, 1)));

        assertThat(response.batchItemFailures()).isEmpty();
        assertThat(target.requests()).isEqualTo(3);
        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(record.attempts()).isEqualTo(3);
        assertThat(record.error()).isNull();
        assertThat(record.history()).extracting(Transition::status, Transition::attempt).containsExactly(
                tuple(ExecutionStatus.STARTED, 0), tuple(ExecutionStatus.VALIDATING, 1),
                tuple(ExecutionStatus.PROCESSING, 1), tuple(ExecutionStatus.FINALIZING, 3),
                tuple(ExecutionStatus.COMPLETED, 3));
        assertThat(record.result()).contains("\"status\":200");
    }

    @Test
    void anInvalidOrderIsRejectedAndItsMessageDeleted() {
        Envelope envelope = accepted("demo", "order", "{\"type\":\"order\"}");

        BatchResponse response = run(batch(message(envelope, 1)));

        assertThat(response.batchItemFailures()).isEmpty();
        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(record.error().code()).isEqualTo("validation_failed");
        assertThat(record.error().message()).contains("orderId");
        assertThat(record.checkpoints()).isEmpty();
    }

    @Test
    void aBodyWithAByteOrderMarkIsRejectedWithItsReasonAndItsMessageDeleted() {
        Envelope envelope = accepted("shop", "order", "\uFEFF{\"type\":\"order\",\"orderId\":\"A-20\"}");

        BatchResponse response = run(batch(message(envelope, 1)));

        assertThat(response.batchItemFailures()).isEmpty();
        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(record.error().code()).isEqualTo("malformed_payload");
        assertThat(record.error().message()).contains("byte-order mark");
        assertThat(target.requests()).isZero();
    }

    @Test
    void aMessageThatIsNotAnEnvelopeIsSentOnTowardsTheDeadLetterQueueAtOnce() {
        SqsBatch.Message garbled = new SqsBatch.Message("garbled", "receipt-garbled", "not an envelope",
                Map.of("ApproximateReceiveCount", "1", "SentTimestamp", String.valueOf(Instant.now().toEpochMilli())));

        BatchResponse response = run(batch(garbled));

        assertThat(response.batchItemFailures()).extracting(BatchResponse.ItemFailure::itemIdentifier)
                .containsExactly("garbled");
        assertThat(visibilityChange()).isEqualTo(tuple("receipt-garbled", 0));
    }

    @Test
    void aRedeliveryAfterACompletedProcessStepDoesNotForwardAgain() {
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-3\"}");
        crashedAfterProcess(envelope);

        BatchResponse response = run(batch(message(envelope, 2)));

        assertThat(response.batchItemFailures()).isEmpty();
        assertThat(target.requests()).isZero();
        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(record.checkpoints()).extracting(Checkpoint::step).containsExactly("validate", "process");
        assertThat(record.checkpoints().get(1).result()).contains("\"status\":202");
        assertThat(record.result()).as("finalize's result, kept once").contains("\"status\":202");
    }

    @Test
    void aBatchWithOneFailingRecordReportsOnlyThatOne() {
        target.answer((id, attempt) -> 400);
        Envelope fine = accepted("demo", "order", "{\"type\":\"order\",\"orderId\":\"A-4\"}");
        Envelope refused = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-5\"}");
        SqsBatch.Message refusedMessage = message(refused, 1);

        BatchResponse response = run(batch(message(fine, 1), refusedMessage));

        assertThat(response.batchItemFailures()).extracting(BatchResponse.ItemFailure::itemIdentifier)
                .containsExactly(refusedMessage.messageId());
        assertThat(find(fine).status()).isEqualTo(ExecutionStatus.COMPLETED);
        ExecutionRecord failed = find(refused);
        assertThat(failed.status()).as("bound for the dead-letter queue").isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("forward_rejected");
        assertThat(visibilityChange()).as("sent on towards the dead-letter queue at once")
                .isEqualTo(tuple(refusedMessage.receiptHandle(), 0));
    }

    @Test
    void aRetryDueAfterTheWindowIsHandedToTheQueue() {
        target.answer((id, attempt) -> 503);
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-6\"}");
        SqsBatch.Message message = message(envelope, 1);

        BatchResponse response = run(batch(message), Duration.ZERO);

        assertThat(response.batchItemFailures()).extracting(BatchResponse.ItemFailure::itemIdentifier)
                .containsExactly(message.messageId());
        assertThat(target.requests()).isEqualTo(1);
        assertThat(visibilityChange()).isEqualTo(tuple(message.receiptHandle(), 1));
        ExecutionRecord waiting = find(envelope);
        assertThat(waiting.status()).isEqualTo(ExecutionStatus.PROCESSING);
        assertThat(waiting.error().code()).isEqualTo("forward_failed");
        assertThat(waiting.lease().owner()).isEqualTo(Lease.AWAITING_RETRY);
    }

    @Test
    void aDuplicateOfACompletedExecutionRunsNothing() {
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-7\"}");
        run(batch(message(envelope, 1)));
        ExecutionRecord completed = find(envelope);

        BatchResponse duplicate = run(batch(message(envelope, 1)));

        assertThat(duplicate.batchItemFailures()).isEmpty();
        assertThat(target.requests()).isEqualTo(1);
        assertThat(find(envelope)).isEqualTo(completed);
    }

    @Test
    void aReplayFromTheDeadLetterQueueCompletesInANewRound() {
        target.answer((id, attempt) -> attempt == 1 ? 400 : 200);
        Envelope envelope = accepted("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-8\"}");
        run(batch(message(envelope, 1)));
        assertThat(find(envelope).status()).isEqualTo(ExecutionStatus.FAILED);

        BatchResponse replayed = run(batch(message(envelope, 1)));

        assertThat(replayed.batchItemFailures()).isEmpty();
        ExecutionRecord record = find(envelope);
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(record.round()).isEqualTo(2);
        assertThat(record.history()).extracting(Transition::status, Transition::round).endsWith(
                tuple(ExecutionStatus.FAILED, 1), tuple(ExecutionStatus.PROCESSING, 2),
                tuple(ExecutionStatus.FINALIZING, 2), tuple(ExecutionStatus.COMPLETED, 2));
    }

    @Test
    void aHappyWebhookCostsFiveDurableOperations() {
        SqsBatch.Message[] messages = new SqsBatch.Message[10];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = message(accepted("demo", "order", "{\"type\":\"order\",\"orderId\":\"B-" + i + "\"}"), 1);
        }

        TestResult<BatchResponse> result = runner(DurableWebhookHandler.RETRY_WINDOW).runUntilComplete(batch(messages));

        assertThat(result.getResult(BatchResponse.class).batchItemFailures()).isEmpty();
        assertThat(result.getOperations()).as("per record: its child context, the claim and the three steps")
                .hasSize(10 * 5);
        assertThat(result.getOperations()).extracting(TestOperation::getName)
                .filteredOn(WebhookWorkflow.PROCESS::equals).hasSize(10);
    }

    @Test
    void aSubSecondDelayIsRoundedUpToTheSdksWholeSeconds() {
        assertThat(SdkExecutionContext.wholeSeconds(Duration.ofMillis(1500))).isEqualTo(Duration.ofSeconds(2));
        assertThat(SdkExecutionContext.wholeSeconds(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void semanticsMapByName() {
        for (StepSemantics semantics : StepSemantics.values()) {
            assertThat(SdkExecutionContext.sdkConfig(StepConfig.DEFAULT.withSemantics(semantics)).semanticsPerRetry()
                    .name()).isEqualTo(semantics.name());
        }
    }

    private BatchResponse run(SqsBatch batch) {
        return run(batch, DurableWebhookHandler.RETRY_WINDOW);
    }

    private BatchResponse run(SqsBatch batch, Duration retryWindow) {
        TestResult<BatchResponse> result = runner(retryWindow).runUntilComplete(batch);
        assertThat(result.getStatus()).isEqualTo(SUCCEEDED);
        return result.getResult(BatchResponse.class);
    }

    private LocalDurableTestRunner<SqsBatch, BatchResponse> runner(Duration retryWindow) {
        InMemoryHandler handler = new InMemoryHandler(processor, new Redelivery(sqs, "queue-url"), retryWindow);
        return LocalDurableTestRunner.create(SqsBatch.class, handler).withOutputType(BatchResponse.class);
    }

    /** What the status API shows of a record: its status, history, attempts, round, error and result. */
    private static List<Object> visible(ExecutionRecord record) {
        return List.of(record.status(), record.attempts(), record.round(), String.valueOf(record.error()),
                String.valueOf(record.result()), record.history().stream()
                        .map(step -> tuple(step.status(), step.attempt(), step.round(), step.reason()))
                        .toList());
    }

    @SuppressWarnings("unchecked")
    private Object visibilityChange() {
        ArgumentCaptor<Consumer<ChangeMessageVisibilityRequest.Builder>> change = ArgumentCaptor.forClass(Consumer.class);
        verify(sqs).changeMessageVisibility(change.capture());
        ChangeMessageVisibilityRequest.Builder request = ChangeMessageVisibilityRequest.builder();
        change.getValue().accept(request);
        return tuple(request.build().receiptHandle(), request.build().visibilityTimeout());
    }

    /** A processor that claimed the execution, checkpointed validate and process, then died. */
    private static void crashedAfterProcess(Envelope envelope) {
        Instant then = Instant.now().minus(1, ChronoUnit.HOURS);
        String recordId = envelope.token().recordId();
        store.claimUntouched(recordId, new Lease("crashed", then.plusSeconds(1)), then);
        store.advance(Advance.stepCompleted(recordId, "crashed", 1, 1, "validate",
                "{\"violations\":[]}", ExecutionStatus.PROCESSING, then));
        store.advance(Advance.stepCompleted(recordId, "crashed", 1, 1, "process",
                "{\"action\":\"forward\",\"eventType\":\"order\",\"bytes\":37,\"fields\":[\"type\",\"orderId\"],"
                        + "\"forwarded\":{\"status\":202,\"elapsedMillis\":5}}",
                ExecutionStatus.FINALIZING, then));
    }

    private WebhookProcessor processor() {
        Sources sources = Sources.parse("""
                sources:
                  demo: { scheme: none }
                  shop:
                    scheme: none
                    action: forward
                    forwardUrl: "%s"
                    forwardSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                    forwardTimeoutSeconds: 2
                    retry: { maxAttempts: 3, initialDelaySeconds: 1, maxDelaySeconds: 1, jitter: none }
                """.formatted(target.url()));
        Clock clock = Clock.systemUTC();
        return new WebhookProcessor(store,
                new ExecutionClaims(store, LEASE, WebhookWorkflow.STATUS_AFTER_STEP, clock, Telemetry.NONE),
                new WebhookWorkflow(Validator.withDefaultRules(), sources,
                        Forwarder.create(Duration.ofSeconds(2), clock), Telemetry.NONE),
                clock, Telemetry.NONE);
    }

    private static Envelope accepted(String source, String type, String body) {
        String key = source + ":" + UUID.randomUUID();
        ExecutionToken token = ExecutionToken.issue(key, new SecureRandom());
        Instant now = Instant.now();
        store.create(ExecutionRecord.started(token, key, source, type, now, null, now.plusSeconds(3600), "hash", null));
        return new Envelope(token.value(), key, source, type, now, "application/json", body);
    }

    private static SqsBatch.Message message(Envelope envelope, int receiveCount) {
        return new SqsBatch.Message(UUID.randomUUID().toString(), "receipt-" + UUID.randomUUID(),
                WebhookQueue.encode(envelope), Map.of("ApproximateReceiveCount", String.valueOf(receiveCount),
                        "SentTimestamp", String.valueOf(Instant.now().toEpochMilli())));
    }

    private static SqsBatch batch(SqsBatch.Message... messages) {
        return new SqsBatch(List.of(messages));
    }

    private static ExecutionRecord find(Envelope envelope) {
        return store.find(envelope.token().recordId()).orElseThrow();
    }
}
