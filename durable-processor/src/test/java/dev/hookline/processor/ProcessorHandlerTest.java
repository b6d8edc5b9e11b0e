package dev.hookline.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.ingest.source.Sources;
import dev.hookline.processor.action.ForwardTarget;
import dev.hookline.processor.action.Forwarder;
import dev.hookline.processor.claim.ExecutionClaims;
import dev.hookline.processor.workflow.WebhookWorkflow;
import dev.hookline.validator.Validator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

class ProcessorHandlerTest {

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final ExecutionStore store = dynamoDb.store();

    private final ForwardTarget down = ForwardTarget.answering((id, attempt) -> 503);
    private final CountDownLatch threeArrived = new CountDownLatch(3);
    /** Answers only once three forwards are in flight together, which a one-by-one handler never achieves. */
    private final ForwardTarget meeting = ForwardTarget.answering((id, attempt) -> {
        threeArrived.countDown();
        try {
            return threeArrived.await(3, TimeUnit.SECONDS) ? 200 : 503;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 503;
        }
    });
    private final SqsClient sqs = mock(SqsClient.class);
    private final ProcessorHandler handler = handler();

    @AfterEach
    void stopTargets() {
        down.close();
        meeting.close();
    }

    @Test
    void theRecordsOfABatchAreProcessedTogether() {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(
                message("a", accepted("meeting", "{\"type\":\"user\"}")),
                message("b", accepted("meeting", "{\"type\":\"user\"}")),
                message("c", accepted("meeting", "{\"type\":\"user\"}"))));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(meeting.requests()).isEqualTo(3);
    }

    @Test
    void onlyTheRecordThatMustBeRetriedIsReportedAndItsBackoffIsHandedToTheQueue() {
        SQSEvent.SQSMessage valid = message("valid", accepted("demo", "{\"type\":\"user\"}"));
        SQSEvent.SQSMessage failing = message("failing", accepted("down", "{\"type\":\"user\"}"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(valid, failing));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("failing");
        verify(sqs).changeMessageVisibility(visibility("receipt-failing", 7));
        verify(sqs, never()).changeMessageVisibility(visibility("receipt-valid", 0));
    }

    @Test
    void aMessageThatIsNotAnEnvelopeIsHandedBackAtOnceToReachTheDeadLetterQueue() {
        SQSEvent.SQSMessage garbled = new SQSEvent.SQSMessage();
        garbled.setMessageId("garbled");
        garbled.setReceiptHandle("receipt-garbled");
        garbled.setBody("not an envelope");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(garbled));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("garbled");
        verify(sqs).changeMessageVisibility(visibility("receipt-garbled", 0));
    }

    @Test
    void aRetryLongerThanSqsAllowsIsCappedAtTwelveHours() {
        new Redelivery(sqs, "queue-url").after("receipt", Duration.ofDays(2));

        verify(sqs).changeMessageVisibility(visibility("receipt", 43_200));
    }

    @Test
    void aRefusedVisibilityChangeIsOnlyLogged() {
        SqsClient refusing = mock(SqsClient.class);
        when(refusing.changeMessageVisibility(any(Consumer.class)))
                .thenThrow(ReceiptHandleIsInvalidException.builder()
                        .message("expired").build());

        assertThatCode(() -> new Redelivery(refusing, "queue-url").after("receipt", Duration.ofSeconds(3)))
                .as("the message still comes back after its visibility timeout")
                .doesNotThrowAnyException();
    }

    private ProcessorHandler handler() {
        Clock clock = Clock.systemUTC();
        Sources sources = Sources.parse("""
                sources:
                  demo: { scheme: none }
                  down:
                    scheme: none
                    action: forward
                    forwardUrl: %s
                    forwardSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                    retry: { maxAttempts: 3, initialDelaySeconds: 7, jitter: none }
                  meeting:
                    scheme: none
                    action: forward
                    forwardUrl: %s
                    forwardSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                """.formatted(down.url(), meeting.url()));
        WebhookProcessor processor = new WebhookProcessor(store,
                new ExecutionClaims(store, Duration.ofSeconds(30), WebhookWorkflow.STATUS_AFTER_STEP, clock,
                        Telemetry.NONE),
                new WebhookWorkflow(Validator.withDefaultRules(), sources, Forwarder.create(Duration.ofSeconds(5), clock),
                        Telemetry.NONE),
                clock, Telemetry.NONE);
        return new ProcessorHandler(processor, new Redelivery(sqs, "queue-url"), 10, 10);
    }

    @SuppressWarnings("unchecked")
    private static Consumer<ChangeMessageVisibilityRequest.Builder> visibility(String receipt, int seconds) {
        return argThat(change -> {
            ChangeMessageVisibilityRequest.Builder builder = ChangeMessageVisibilityRequest.builder();
            ((Consumer<ChangeMessageVisibilityRequest.Builder>) change).accept(builder);
            ChangeMessageVisibilityRequest request = builder.build();
            return request.receiptHandle().equals(receipt) && request.visibilityTimeout() == seconds
                    && request.queueUrl().equals("queue-url");
        });
    }

    private static SQSEvent.SQSMessage message(String id, Envelope envelope) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle("receipt-" + id);
        message.setBody(Json.write(envelope));
        message.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp",
                Long.toString(System.currentTimeMillis())));
        return message;
    }

    private static Envelope accepted(String source, String body) {
        String key = source + ":" + UUID.randomUUID();
        ExecutionToken token = ExecutionToken.issue(key, new SecureRandom());
        Instant now = Instant.now();
        store.create(ExecutionRecord.started(token, key, source, "user", now, null, now.plusSeconds(3600), "hash",
                null));
        return new Envelope(token.value(), key, source, "user", now, "application/json", body);
    }
}
