package dev.hookline.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.WebhookQueue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample events under {@code events/samples/}, for {@code sam local invoke} and tests: each is read
 * into the type its handler receives, strictly, so a misspelt or misplaced field fails the build, and
 * the samples agree with one another and with what Hookline writes.
 */
class SampleEventsTest {

    @Test
    void webhookSampleIsAnHttpApiRequestPostingJsonToTheDemoSource() {
        APIGatewayV2HTTPEvent event = read("apigw-webhook.json", APIGatewayV2HTTPEvent.class);

        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("POST /webhooks/{source}")
                .isEqualTo(event.getRequestContext().getRouteKey());
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getPathParameters()).containsEntry("source", "demo");
        assertThat(event.getRawPath()).isEqualTo("/webhooks/demo").isEqualTo(event.getRequestContext().getHttp().getPath());
        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(Json.tree(event.getBody()).get("type").asText()).isEqualTo("order");
        assertThat(event.getHeaders())
                .containsEntry("content-type", "application/json")
                .containsEntry("content-length",
                        Integer.toString(event.getBody().getBytes(StandardCharsets.UTF_8).length))
                .containsKey("x-github-delivery");
        assertThat(event.getHeaders().get("x-hub-signature-256")).matches("sha256=[0-9a-f]{64}");
        assertThat(Instant.ofEpochMilli(event.getRequestContext().getTimeEpoch())).isEqualTo("2026-12-01T10:15:30Z");
    }

    @Test
    void statusSampleAsksForTheFirstQueuedWebhooksToken() {
        APIGatewayV2HTTPEvent event = read("apigw-status.json", APIGatewayV2HTTPEvent.class);
        Envelope queued = envelopes().get(0);

        assertThat(event.getRouteKey()).isEqualTo("GET /status/{token}");
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
        assertThat(event.getPathParameters()).containsEntry("token", queued.executionToken());
        assertThat(event.getRawPath()).isEqualTo("/status/" + queued.executionToken());
        assertThat(ExecutionToken.parse(event.getPathParameters().get("token"))).isPresent();
        assertThat(event.getBody()).isNull();
    }

    @Test
    void sqsSampleCarriesEnvelopesExactlyAsIngestWritesThem() {
        SQSEvent event = read("sqs-batch.json", SQSEvent.class);

        assertThat(event.getRecords()).hasSize(2).allSatisfy(message -> {
            Envelope envelope = WebhookQueue.parse(message.getBody());
            assertThat(Json.write(envelope)).as("the body WebhookQueue sends for this envelope").isEqualTo(message.getBody());
            assertThat(envelope.token().recordId()).isEqualTo(ExecutionToken.recordIdFor(envelope.idempotencyKey()));
            assertThat(envelope.idempotencyKey()).startsWith(envelope.source() + ":");
            assertThat(Json.tree(envelope.body()).get("type").asText()).isEqualTo(envelope.eventType());
            assertThat(message.getMd5OfBody()).isEqualTo(md5(message.getBody()));
            assertThat(Integer.parseInt(message.getAttributes().get("ApproximateReceiveCount"))).isPositive();
            assertThat(Instant.ofEpochMilli(Long.parseLong(message.getAttributes().get("SentTimestamp"))))
                    .isAfterOrEqualTo(envelope.receivedAt());
            assertThat(message.getEventSource()).isEqualTo("aws:sqs");
            assertThat(message.getEventSourceArn()).startsWith("arn:aws:sqs:us-east-1:").contains("WebhookQueue");
        });
        assertThat(event.getRecords()).extracting(SQSEvent.SQSMessage::getMessageId).doesNotHaveDuplicates();
        assertThat(event.getRecords().get(1).getAttributes()).as("a redelivery")
                .containsEntry("ApproximateReceiveCount", "3");
    }

    @Test
    void firstQueuedEnvelopeIsTheWebhookSampleAsIngestRecordedIt() {
        APIGatewayV2HTTPEvent webhook = read("apigw-webhook.json", APIGatewayV2HTTPEvent.class);
        Envelope envelope = envelopes().get(0);

        assertThat(envelope.source()).isEqualTo(webhook.getPathParameters().get("source"));
        assertThat(envelope.idempotencyKey()).isEqualTo("demo:" + webhook.getHeaders().get("x-github-delivery"));
        assertThat(envelope.body()).isEqualTo(webhook.getBody());
        assertThat(envelope.contentType()).isEqualTo(webhook.getHeaders().get("content-type"));
    }

    private static List<Envelope> envelopes() {
        return read("sqs-batch.json", SQSEvent.class).getRecords().stream()
                .map(message -> WebhookQueue.parse(message.getBody()))
                .toList();
    }

    private static <T> T read(String sample, Class<T> type) {
        return SampleEvents.read(sample, type);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
