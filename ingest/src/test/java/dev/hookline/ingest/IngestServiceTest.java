package dev.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.ManualClock;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import dev.hookline.events.logging.CapturedLogs;
import dev.hookline.events.queue.RecordingSqs;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.telemetry.HooklineMetric;
import dev.hookline.events.telemetry.LifecycleEvent;
import dev.hookline.events.telemetry.RecordedTelemetry;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.ingest.IngestResult.Accepted;
import dev.hookline.ingest.IngestResult.Refused;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.source.Sources;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Ingest against a real DynamoDB engine (dynalite) and an SQS client that fails on demand. */
class IngestServiceTest {

    private static final String SECRET = "test-secret";

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private final RecordingSqs sqs = new RecordingSqs();
    private final List<String> sentBodies = sqs.sentBodies;
    private final AtomicInteger failuresToInject = sqs.failuresToInject;
    private IngestService ingest;

    @BeforeEach
    void newService() {
        Sources sources = Sources.parse("sources:\n  demo: { scheme: github, secrets: [\"" + SECRET + "\"] }\n"
                + "  open: { scheme: none, exposePayload: true }\n");
        WebhookQueue queue = new WebhookQueue(sqs.client(), "http://sqs.local/queue");
        ingest = new IngestService(sources, dynamoDb.store(), queue, settings(Duration.ofDays(7)), Clock.systemUTC(),
                new SecureRandom(), Telemetry.NONE);
    }

    @Test
    void aDeliveryWhoseFirstEnqueueFailedIsEnqueuedByItsRetry() {
        String delivery = UUID.randomUUID().toString();
        failuresToInject.set(1);

        IngestResult first = ingest.accept(signed(delivery, "{\"type\":\"order\",\"orderId\":\"1\"}"));
        assertThat(first).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.httpStatus()).isEqualTo(503);
            assertThat(refused.retryAfterSeconds()).isPositive();
        });
        ExecutionRecord recorded = record(delivery);
        assertThat(recorded.enqueuing()).as("the failed send gave up its claim").isNull();
        assertThat(sentBodies).isEmpty();

        IngestResult retry = ingest.accept(signed(delivery, "{\"type\":\"order\",\"orderId\":\"1\"}"));

        assertThat(retry).isInstanceOfSatisfying(Accepted.class, accepted -> {
            assertThat(accepted.duplicate()).isTrue();
            assertThat(accepted.token()).isEqualTo(recorded.token());
        });
        assertThat(sentBodies).hasSize(1).first().asString().contains(recorded.token().value());
    }

    @Test
    void aProvidersRetryOfADeliveryThatStoppedMakingProgressEnqueuesItAgainOnce() {
        ManualClock clock = new ManualClock(Instant.now());
        IngestService service = openService(clock);
        IncomingWebhook delivery = openDelivery();
        Accepted first = (Accepted) service.accept(delivery);

        clock.advance(Duration.ofSeconds(30));
        assertThat(service.accept(delivery)).as("a retry while the queue still holds it").isInstanceOf(Accepted.class);
        assertThat(sentBodies).hasSize(1);

        clock.advance(HooklineSettings.DEFAULT_RECONCILE_AFTER);
        Accepted retry = (Accepted) service.accept(delivery);
        Accepted retryAgain = (Accepted) service.accept(delivery);

        assertThat(retry.token()).isEqualTo(first.token());
        assertThat(retryAgain.token()).isEqualTo(first.token());
        assertThat(sentBodies).as("the stalled delivery is enqueued again, once").hasSize(2);
        assertThat(Json.read(sentBodies.get(1), Envelope.class).body()).isEqualTo(new String(delivery.body(),
                StandardCharsets.UTF_8));
        assertThat(dynamoDb.store().find(first.token().recordId()).orElseThrow().requeued().count()).isEqualTo(1);
    }

    @Test
    void aProvidersRetryOfAClaimedDeliveryThatStoppedMakingProgressEnqueuesItAgainOnce() {
        ManualClock clock = new ManualClock(Instant.now());
        IngestService service = openService(clock);
        IncomingWebhook delivery = openDelivery();
        Accepted first = (Accepted) service.accept(delivery);
        dynamoDb.store().claimUntouched(first.token().recordId(),
                new Lease("vanished", clock.instant().plusSeconds(60)), clock.instant());

        clock.advance(Duration.ofSeconds(30));
        assertThat(service.accept(delivery)).as("a retry while it is processed").isInstanceOf(Accepted.class);
        assertThat(sentBodies).hasSize(1);

        clock.advance(HooklineSettings.DEFAULT_RECONCILE_AFTER.multipliedBy(2));
        Accepted retry = (Accepted) service.accept(delivery);
        Accepted retryAgain = (Accepted) service.accept(delivery);

        assertThat(retry.token()).isEqualTo(first.token());
        assertThat(retryAgain.token()).isEqualTo(first.token());
        assertThat(sentBodies).as("the stalled delivery is enqueued again, once").hasSize(2);
        assertThat(dynamoDb.store().find(first.token().recordId()).orElseThrow().requeued().count()).isEqualTo(1);
    }

    @Test
    void aWebhookIsReportedReceivedItsRetryDuplicateAndAnUnconfiguredSourceUnderOneName() {
        RecordedTelemetry telemetry = new RecordedTelemetry();
        IngestService reported = new IngestService(Sources.parse("sources:\n  open: { scheme: none }\n"),
                dynamoDb.store(), new WebhookQueue(sqs.client(), "http://sqs.local/queue"), settings(Duration.ofDays(7)),
                Clock.systemUTC(), new SecureRandom(), telemetry);
        IncomingWebhook delivery = openDelivery();

        Accepted first = (Accepted) reported.accept(delivery);
        reported.accept(delivery);
        reported.accept(new IncomingWebhook("no-such-source-" + UUID.randomUUID(),
                Map.of("content-type", "application/json"), bytes("{}"), "http://h"));

        assertThat(telemetry.events()).containsExactly(
                new LifecycleEvent.Received("open", first.token().recordId(), null),
                new LifecycleEvent.Duplicate("open", first.token().recordId(), ExecutionStatus.STARTED),
                new LifecycleEvent.Refused(HooklineMetric.UNKNOWN_SOURCE, 404, "unknown_source"));
    }

    private IngestService openService(ManualClock clock) {
        return new IngestService(Sources.parse("sources:\n  open: { scheme: none }\n"),
                dynamoDb.store(), new WebhookQueue(sqs.client(), "http://sqs.local/queue"), settings(Duration.ofDays(7)),
                clock, new SecureRandom(), Telemetry.NONE);
    }

    private static IncomingWebhook openDelivery() {
        return new IncomingWebhook("open", Map.of("content-type", "application/json"),
                bytes("{\"n\":\"" + UUID.randomUUID() + "\"}"), "http://h");
    }

    @Test
    void aDuplicateOfAnEnqueuedDeliveryEnqueuesNothing() {
        String delivery = UUID.randomUUID().toString();
        Accepted first = (Accepted) ingest.accept(signed(delivery, "{\"type\":\"user\"}"));

        IngestResult again = ingest.accept(signed(delivery, "{\"type\":\"user\"}"));

        assertThat(again).isInstanceOfSatisfying(Accepted.class, accepted -> {
            assertThat(accepted.duplicate()).isTrue();
            assertThat(accepted.token()).isEqualTo(first.token());
        });
        assertThat(sentBodies).hasSize(1);
    }

    @Test
    void everyRefusalLeavesNoRecordAndNoMessage() {
        dynamoDb.resetWrites();
        String delivery = UUID.randomUUID().toString();
        byte[] tooLarge = ("{\"type\":\"order\",\"pad\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<Integer, IncomingWebhook> badRequests = Map.of(
                404, new IncomingWebhook("nobody", headers(delivery, "{}"), bytes("{}"), "http://h"),
                401, new IncomingWebhook("demo", Map.of("X-GitHub-Delivery", delivery,
                        "X-Hub-Signature-256", "sha256=" + "0".repeat(64)), bytes("{}"), "http://h"),
                413, new IncomingWebhook("demo", headers(delivery, tooLarge), tooLarge, "http://h"),
                415, new IncomingWebhook("demo", Map.of("content-type", "text/plain",
                        GitHubSignature.DELIVERY_HEADER, delivery,
                        GitHubSignature.SIGNATURE_HEADER, GitHubSignature.sign(Secret.ofUtf8(SECRET), bytes("{}"))),
                        bytes("{}"), "http://h"),
                400, signed(delivery, "{\"type\":"));

        badRequests.forEach((status, request) -> {
            IngestResult result = ingest.accept(request);
            assertThat(result).as("status %d", status).isInstanceOfSatisfying(Refused.class,
                    refused -> assertThat(refused.httpStatus()).isEqualTo(status));
        });
        assertThat(dynamoDb.store().find(ExecutionToken.recordIdFor("demo:" + delivery))).isEmpty();
        assertThat(dynamoDb.writes()).isZero();
        assertThat(sentBodies).isEmpty();
    }

    @Test
    void aBodyTheProcessorCouldNotReadIsRefusedWith400AndLeavesNothing() {
        dynamoDb.resetWrites();
        Map<String, byte[]> bodies = Map.of(
                "byte-order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes("{\"a\":1}")),
                "UTF-16", "{\"a\":1}".getBytes(StandardCharsets.UTF_16),
                "not valid UTF-8", "{\"a\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1),
                "something follows", bytes("{\"a\":1}{\"a\":2}"),
                "'amount'", bytes("{\"amount\":1,\"amount\":1000}"));

        bodies.forEach((expected, body) -> {
            String delivery = UUID.randomUUID().toString();
            IngestResult result = ingest.accept(new IncomingWebhook("demo", headers(delivery, body), body, "http://h"));

            assertThat(result).as(expected).isInstanceOfSatisfying(Refused.class, refused -> {
                assertThat(refused.httpStatus()).isEqualTo(400);
                assertThat(refused.code()).isEqualTo("malformed_json");
                assertThat(refused.message()).contains(expected);
            });
            assertThat(dynamoDb.store().find(ExecutionToken.recordIdFor("demo:" + delivery))).isEmpty();
        });
        assertThat(dynamoDb.writes()).isZero();
        assertThat(sentBodies).isEmpty();
    }

    @Test
    void aMissingTableAnswers503WithRetryAfterAndLogsTheOutageOnceNotPerRequest() {
        IngestService noTable = new IngestService(Sources.parse("sources:\n  open: { scheme: none }\n"),
                new ExecutionStore(dynamoDb.client(), "deleted-" + UUID.randomUUID()),
                new WebhookQueue(sqs.client(), "http://sqs.local/queue"), settings(Duration.ofDays(7)), Clock.systemUTC(),
                new SecureRandom(), Telemetry.NONE);

        for (int i = 0; i < 50; i++) {
            IngestResult result = noTable.accept(new IncomingWebhook("open", Map.of("content-type", "application/json"),
                    bytes("{\"n\":" + i + "}"), "http://h"));
            assertThat(result).isInstanceOfSatisfying(Refused.class, refused -> {
                assertThat(refused.httpStatus()).isEqualTo(503);
                assertThat(refused.code()).isEqualTo("store_unavailable");
                assertThat(refused.retryAfterSeconds()).isPositive();
            });
        }

        assertThat(logs.lines()).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo("WARN");
            assertThat(line.message()).contains("DynamoDB", "ResourceNotFoundException", "503");
            assertThat(line.thrown()).isNull();
        });
        assertThat(sentBodies).isEmpty();
    }

    @Test
    void anSqsOutageIsLoggedWhenItBeginsAndWhenItEnds() {
        failuresToInject.set(20);
        for (int i = 0; i < 20; i++) {
            assertThat(ingest.accept(signed(UUID.randomUUID().toString(), "{\"n\":" + i + "}")))
                    .isInstanceOfSatisfying(Refused.class, refused -> assertThat(refused.code()).isEqualTo("queue_unavailable"));
        }

        assertThat(ingest.accept(signed(UUID.randomUUID().toString(), "{\"n\":\"after\"}"))).isInstanceOf(Accepted.class);

        assertThat(logs.lines()).extracting(CapturedLogs.Line::message).satisfiesExactly(
                began -> assertThat(began).contains("SQS", "unavailable", "SdkClientException"),
                ended -> assertThat(ended).contains("SQS", "available again", "20 requests"));
    }

    @Test
    void aSourceThatExposesItsPayloadKeepsTheBodyOnTheRecordExactlyAsReceived() {
        String body = "{\"type\":\"order\",   \"note\":\"caf\u00e9 \u2713\"}\n";

        Accepted accepted = (Accepted) ingest.accept(
                new IncomingWebhook("open", Map.of("content-type", "application/json"), bytes(body), "http://h"));

        assertThat(dynamoDb.store().find(accepted.token().recordId()).orElseThrow().payload()).isEqualTo(body);
    }

    @Test
    void aSourceThatDoesNotExposeItsPayloadNeverStoresIt() {
        String delivery = UUID.randomUUID().toString();

        ingest.accept(signed(delivery, "{\"type\":\"order\",\"orderId\":\"secret-ish\"}"));

        assertThat(record(delivery).payload()).isNull();
    }

    @Test
    void aRecordExpiresTheConfiguredRetentionAfterItWasReceived() {
        Instant receivedAt = Instant.parse("2026-03-01T08:15:30Z");
        IngestService threeDays = new IngestService(Sources.parse("sources:\n  open: { scheme: none }\n"),
                dynamoDb.store(), new WebhookQueue(sqs.client(), "http://sqs.local/queue"), settings(Duration.ofDays(3)),
                Clock.fixed(receivedAt, ZoneOffset.UTC), new SecureRandom(), Telemetry.NONE);

        Accepted accepted = (Accepted) threeDays.accept(new IncomingWebhook("open",
                Map.of("content-type", "application/json"), bytes("{\"n\":\"" + UUID.randomUUID() + "\"}"), "http://h"));

        ExecutionRecord stored = dynamoDb.store().find(accepted.token().recordId()).orElseThrow();
        assertThat(stored.receivedAt()).isEqualTo(receivedAt);
        assertThat(stored.expiresAt()).isEqualTo(receivedAt.plus(Duration.ofDays(3)));
        // The table's TTL reads expiresAt as a number of epoch seconds.
        assertThat(dynamoDb.client().getItem(get -> get.tableName(dynamoDb.table())
                        .key(Map.of("id", AttributeValue.fromS(stored.recordId())))).item().get("expiresAt").n())
                .isEqualTo(Long.toString(receivedAt.plus(Duration.ofDays(3)).getEpochSecond()));
    }

    private static HooklineSettings settings(Duration retention) {
        return HooklineSettings.from(Map.of(HooklineSettings.MAX_BODY_BYTES, "1024",
                HooklineSettings.RETENTION_DAYS, Long.toString(retention.toDays())));
    }

    private ExecutionRecord record(String delivery) {
        return dynamoDb.store().find(ExecutionToken.recordIdFor("demo:" + delivery)).orElseThrow();
    }

    private static IncomingWebhook signed(String delivery, String body) {
        return new IncomingWebhook("demo", headers(delivery, bytes(body)), bytes(body), "http://localhost");
    }

    private static Map<String, String> headers(String delivery, String body) {
        return headers(delivery, bytes(body));
    }

    private static Map<String, String> headers(String delivery, byte[] body) {
        return Map.of("content-type", "application/json", GitHubSignature.DELIVERY_HEADER, delivery,
                GitHubSignature.SIGNATURE_HEADER, GitHubSignature.sign(Secret.ofUtf8(SECRET), body));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
