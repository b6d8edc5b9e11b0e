package dev.hookline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.CreateOutcome;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.ingest.IngestResult.Accepted;
import dev.hookline.ingest.IngestResult.Refused;
import dev.hookline.ingest.signature.Verification;
import dev.hookline.ingest.source.SourceConfig;
import dev.hookline.ingest.source.Sources;
import dev.hookline.ingest.source.SourcesLocation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts one webhook: verifies it against its source, records it {@code STARTED} unless its
 * idempotency key is known, and enqueues it. Refusals leave no record and no message.
 */
public final class IngestService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    private final Sources sources;
    private final ExecutionStore store;
    private final WebhookQueue queue;
    private final int maxBodyBytes;
    private final Duration retention;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public IngestService(
            Sources sources, ExecutionStore store, WebhookQueue queue, int maxBodyBytes, Duration retention,
            Clock clock) {
        this.sources = sources;
        this.store = store;
        this.queue = queue;
        this.maxBodyBytes = maxBodyBytes;
        this.retention = retention;
        this.clock = clock;
    }

    public static IngestService create(FunctionEnvironment environment) {
        HooklineSettings settings = environment.settings();
        return new IngestService(
                SourcesLocation.load(environment),
                new ExecutionStore(environment.clients().dynamoDb(), settings.executionsTable()),
                new WebhookQueue(environment.clients().sqs(), settings.webhookQueueUrl()),
                settings.maxBodyBytes(),
                settings.retention(),
                Clock.systemUTC());
    }

    public IngestResult accept(IncomingWebhook webhook) {
        Optional<SourceConfig> found = sources.find(webhook.source());
        if (found.isEmpty()) {
            return Refused.of(404, "unknown_source",
                    "no source named '" + printable(webhook.source()) + "' is configured");
        }
        SourceConfig source = found.get();
        if (webhook.body().length > maxBodyBytes) {
            return Refused.of(413, "body_too_large",
                    "the body is " + webhook.body().length + " bytes; the limit is " + maxBodyBytes);
        }
        if (source.scheme().verify(webhook, source.secrets()) instanceof Verification.Invalid invalid) {
            return Refused.of(401, "invalid_signature", invalid.reason());
        }
        String contentType = webhook.header("content-type");
        if (contentType != null && !isJson(contentType)) {
            return Refused.of(415, "unsupported_media_type",
                    "send the body as application/json; got '" + printable(contentType) + "'");
        }
        JsonNode payload;
        try {
            payload = Json.tree(webhook.body());
        } catch (Json.MalformedJsonException malformed) {
            return Refused.of(400, "malformed_json", "the body is not valid JSON: " + malformed.getMessage());
        }
        return record(webhook, source, payload);
    }

    private IngestResult record(IncomingWebhook webhook, SourceConfig source, JsonNode payload) {
        String bodySha256 = sha256Hex(webhook.body());
        String deliveryId = source.scheme().deliveryId(webhook);
        String idempotencyKey = source.name() + ":" + (deliveryId != null ? deliveryId : "sha256:" + bodySha256);
        Instant now = clock.instant();
        ExecutionToken token = ExecutionToken.issue(idempotencyKey, random);
        ExecutionRecord started = ExecutionRecord.started(token, idempotencyKey, source.name(),
                eventType(source, webhook, payload), now, now.plus(retention), bodySha256);

        CreateOutcome outcome = store.create(started);
        ExecutionRecord record = outcome.record();
        boolean duplicate = outcome instanceof CreateOutcome.Existing;
        if (duplicate && record.enqueued()) {
            return accepted(webhook, record, true);
        }
        Envelope envelope = new Envelope(record.token().value(), idempotencyKey, source.name(),
                record.eventType(), record.receivedAt(), webhook.header("content-type"),
                new String(webhook.body(), StandardCharsets.UTF_8));
        try {
            queue.send(envelope);
            store.markEnqueued(record.recordId());
        } catch (RuntimeException unavailable) {
            LOG.warn("could not enqueue execution {} of source {}: {}", record.recordId(), source.name(),
                    unavailable.getClass().getSimpleName());
            return new Refused(503, "queue_unavailable",
                    "the webhook was recorded but could not be queued; retry the same delivery", RETRY_AFTER_SECONDS);
        }
        return accepted(webhook, record, duplicate);
    }

    private static Accepted accepted(IncomingWebhook webhook, ExecutionRecord record, boolean duplicate) {
        return new Accepted(record.token(), record.status(),
                webhook.baseUrl() + "/status/" + record.token().value(), duplicate);
    }

    private static String eventType(SourceConfig source, IncomingWebhook webhook, JsonNode payload) {
        String declared = source.scheme().eventType(webhook);
        if (declared != null) {
            return declared;
        }
        JsonNode type = payload.get("type");
        return type != null && type.isTextual() ? type.asText() : null;
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String printable(String value) {
        String clipped = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return clipped.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
