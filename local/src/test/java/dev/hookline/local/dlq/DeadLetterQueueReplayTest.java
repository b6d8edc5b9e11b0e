package dev.hookline.local.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.store.StoredExecutions;
import dev.hookline.local.embedded.EmbeddedSqs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Replays and listings of a dead-letter queue, on ElasticMQ and dynalite, that holds a failed
 * execution's envelope next to messages that are not Hookline envelopes: those are never sent back.
 */
class DeadLetterQueueReplayTest {

    private static final Instant RECEIVED = Instant.parse("2026-06-01T12:00:00.250Z");
    /** Not JSON at all, and JSON without a well-formed token: neither is a Hookline envelope. */
    private static final List<String> NOT_ENVELOPES = List.of("this is not JSON",
            "{\"executionToken\":\"too-short\",\"source\":\"shop\",\"body\":\"{}\"}");
    private static final AtomicInteger QUEUES = new AtomicInteger();

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final EmbeddedSqs engine = EmbeddedSqs.inMemory("127.0.0.1", 0);
    private static final SqsClient sqs = engine.client();

    private final StoredExecutions executions = new StoredExecutions(dynamoDb.store());
    private String webhookQueue;
    private String deadLetterQueue;
    private DeadLetterQueue queue;

    @BeforeEach
    void freshQueues() {
        int n = QUEUES.incrementAndGet();
        webhookQueue = sqs.createQueue(create -> create.queueName("webhooks-" + n)).queueUrl();
        deadLetterQueue = sqs.createQueue(create -> create.queueName("webhooks-dlq-" + n)).queueUrl();
        queue = new DeadLetterQueue(sqs, deadLetterQueue, webhookQueue, dynamoDb.store());
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @Test
    void aReplayOfEverythingSendsTheFailedExecutionBackAndLeavesWhatIsNotAnEnvelopeInTheDeadLetterQueue() {
        String envelope = deadLettered(failed("shop"));
        List<String> garbage = NOT_ENVELOPES.stream().map(this::deadLettered).toList();

        ReplayReport report = queue.replay(DeadLetterSelection.everything());

        assertThat(report.replayed()).extracting(DeadLetter::status).containsExactly(ExecutionStatus.FAILED);
        assertThat(report.notEnvelopes()).extracting(DeadLetter::messageId).containsExactlyInAnyOrderElementsOf(garbage);
        assertThat(report.examined()).isEqualTo(3);
        assertThat(report.isComplete()).isTrue();
        assertThat(bodies(webhookQueue)).containsExactly(envelope);
        assertThat(bodies(deadLetterQueue)).containsExactlyInAnyOrderElementsOf(NOT_ENVELOPES);
    }

    @Test
    void aReplayByTokenReportsWhatIsNotAnEnvelopeAndLeavesItWithTheUnselectedMessages() {
        ExecutionRecord wanted = failed("shop");
        String selected = deadLettered(wanted);
        String other = deadLettered(failed("billing"));
        String garbage = deadLettered(NOT_ENVELOPES.get(0));

        ReplayReport report = queue.replay(DeadLetterSelection.everything().withTokens(Set.of(wanted.token().value())));

        assertThat(report.replayed()).extracting(DeadLetter::executionToken).containsExactly(wanted.token().value());
        assertThat(report.notEnvelopes()).extracting(DeadLetter::messageId).containsExactly(garbage);
        assertThat(bodies(webhookQueue)).containsExactly(selected);
        assertThat(bodies(deadLetterQueue)).containsExactlyInAnyOrder(other, NOT_ENVELOPES.get(0));
    }

    @Test
    void theListingShowsWhatIsNotAnEnvelopeByItsMessageIdNextToTheFailedExecutionAndConsumesNothing() {
        ExecutionRecord failed = failed("shop");
        deadLettered(failed);
        String garbage = deadLettered(NOT_ENVELOPES.get(1));

        DeadLetterListing listing = queue.list(10);

        assertThat(listing.messages()).hasSize(2);
        assertThat(listing.messages()).filteredOn(DeadLetter::isReadable).singleElement()
                .satisfies(letter -> assertThat(letter.executionToken()).isEqualTo(failed.token().value()));
        assertThat(listing.messages()).filteredOn(letter -> !letter.isReadable()).singleElement()
                .satisfies(letter -> assertThat(letter.messageId()).isEqualTo(garbage));
        assertThat(bodies(deadLetterQueue)).hasSize(2);
    }

    private ExecutionRecord failed(String source) {
        return executions.moveTo(executions.started(source, "order", RECEIVED), ExecutionStatus.FAILED);
    }

    /** Puts the execution's envelope in the dead-letter queue, as the redrive policy would; returns the body. */
    private String deadLettered(ExecutionRecord record) {
        String body = WebhookQueue.encode(new Envelope(record.token().value(), record.idempotencyKey(),
                record.source(), record.eventType(), record.receivedAt(), "application/json", "{\"orderId\":\"A-1\"}"));
        deadLettered(body);
        return body;
    }

    /** Puts a message in the dead-letter queue; returns its message id. */
    private String deadLettered(String body) {
        return sqs.sendMessage(send -> send.queueUrl(deadLetterQueue).messageBody(body)).messageId();
    }

    /** Every body the queue holds: each message is received once, then all are made visible again. */
    private static List<String> bodies(String queueUrl) {
        List<Message> held = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(30).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                break;
            }
            held.addAll(batch);
        }
        held.forEach(message -> sqs.changeMessageVisibility(change -> change.queueUrl(queueUrl)
                .receiptHandle(message.receiptHandle()).visibilityTimeout(0)));
        return held.stream().map(Message::body).toList();
    }
}
