package dev.hookline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.Transition;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.InProcessDynamoDb;
import dev.hookline.processor.claim.ExecutionClaims;
import dev.hookline.processor.workflow.WebhookWorkflow;
import dev.hookline.validator.Validator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookProcessorTest {

    @RegisterExtension
    static final InProcessDynamoDb dynamoDb = new InProcessDynamoDb();
    private static final ExecutionStore store = dynamoDb.store();
    private WebhookProcessor processor;

    @BeforeEach
    void newProcessor() {
        Clock clock = Clock.systemUTC();
        processor = new WebhookProcessor(store, new ExecutionClaims(store, Duration.ofSeconds(30), clock),
                new WebhookWorkflow(Validator.withDefaultRules()), clock);
    }

    @Test
    void aValidWebhookCompletesInFourWrites() {
        Envelope envelope = accepted("order", "{\"type\":\"order\",\"orderId\":\"A-1\"}");
        dynamoDb.resetWrites();

        assertThat(processor.process(envelope)).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = store.find(envelope.token().recordId()).orElseThrow();
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(record.history()).extracting(Transition::status).containsExactly(
                ExecutionStatus.STARTED, ExecutionStatus.VALIDATING, ExecutionStatus.PROCESSING,
                ExecutionStatus.FINALIZING, ExecutionStatus.COMPLETED);
        assertThat(record.checkpoints()).extracting(c -> c.step())
                .containsExactly("validate", "process", "finalize");
        assertThat(record.lease()).isNull();
        assertThat(dynamoDb.writes()).isEqualTo(4);
    }

    @Test
    void aCompletedExecutionDeliveredAgainIsAcknowledgedAndLeftAsItWas() {
        Envelope envelope = accepted("payment", "{\"type\":\"payment\",\"transactionId\":\"T-9\"}");
        processor.process(envelope);
        ExecutionRecord completed = store.find(envelope.token().recordId()).orElseThrow();

        assertThat(processor.process(envelope)).isInstanceOf(RecordOutcome.Done.class);
        assertThat(store.find(envelope.token().recordId())).contains(completed);
    }

    @Test
    void anInvalidOrderIsRejectedWithItsReasonAndNotRetried() {
        Envelope envelope = accepted("order", "{\"type\":\"order\"}");

        assertThat(processor.process(envelope)).isInstanceOf(RecordOutcome.Done.class);

        ExecutionRecord record = store.find(envelope.token().recordId()).orElseThrow();
        assertThat(record.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(record.error().code()).isEqualTo("validation_failed");
        assertThat(record.error().message()).contains("orderId");
    }

    @Test
    void anExecutionLeasedByAnotherProcessorGoesBackToTheQueue() {
        Envelope envelope = accepted("user", "{\"type\":\"user\"}");
        ExecutionRecord started = store.find(envelope.token().recordId()).orElseThrow();
        store.takeLease(started, new Lease("other", Instant.now().plusSeconds(30)), Instant.now()).orElseThrow();

        RecordOutcome outcome = processor.process(envelope);

        assertThat(outcome).isInstanceOf(RecordOutcome.RetryLater.class);
        assertThat(store.find(envelope.token().recordId()).orElseThrow().status())
                .isEqualTo(ExecutionStatus.VALIDATING);
    }

    private static Envelope accepted(String type, String body) {
        String key = "demo:" + UUID.randomUUID();
        ExecutionToken token = ExecutionToken.issue(key, new SecureRandom());
        Instant now = Instant.now();
        store.create(ExecutionRecord.started(token, key, "demo", type, now, null, now.plusSeconds(3600), "hash"));
        return new Envelope(token.value(), key, "demo", type, now, "application/json", body);
    }
}
