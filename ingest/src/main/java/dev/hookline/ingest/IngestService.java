package dev.hookline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.StoredBody;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.http.OutageLog;
import dev.hookline.events.http.StoreOutageGuard;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.CreateOutcome;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.telemetry.HooklineMetric;
import dev.hookline.events.telemetry.LifecycleEvent;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.ingest.IngestResult.Accepted;
import dev.hookline.ingest.IngestResult.Refused;
import dev.hookline.ingest.signature.Verification;
import dev.hookline.ingest.source.SourceConfig;
import dev.hookline.ingest.source.SourceLookup;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepts one webhook: verifies it against its source, records it {@code STARTED} unless its
 * idempotency key is known, and enqueues it. Refusals leave no record and no message.
 */
public final class IngestService implements AutoCloseable {

    private static final int RETRY_AFTER_SECONDS = StoreOutageGuard.RETRY_AFTER_SECONDS;
    /** How long the call that recorded a webhook has to enqueue it before a retry may do it instead. */
    private static final Duration ENQUEUE_CLAIM = Duration.ofSeconds(10);
    /** How long a duplicate waits for the first delivery's enqueue to finish before answering 503. */
    private static final Duration DUPLICATE_WAIT = Duration.ofSeconds(2);
    private static final long DUPLICATE_POLL_MILLIS = 25;

    private final SourceLookup sources;
    private final ExecutionStore store;
    private final WebhookQueue queue;
    private final int maxBodyBytes;
    private final Duration retention;
    private final Optional<String> publicBaseUrl;
    private final Duration reconcileAfter;
    private final Clock clock;
    private final SecureRandom random;
    private final StoreOutageGuard storeOutage;
    private final OutageLog queueOutage;
    private final Telemetry telemetry;
    /** Sources this instance has registered with the store, so each is registered once per instance. */
    private final Set<String> registeredSources = ConcurrentHashMap.newKeySet();

    /**
     * @param settings the body limit, the retention, the public base URL for status URLs (empty for the
     *     API's own address) and how long an execution may stall before a sender's retry enqueues it again
     * @param random draws each token's secret
     * @param telemetry is told of every webhook recorded, every duplicate and every refusal
     */
    public IngestService(SourceLookup sources, ExecutionStore store, WebhookQueue queue, HooklineSettings settings,
            Clock clock, SecureRandom random, Telemetry telemetry) {
        this.sources = sources;
        this.store = store;
        this.queue = queue;
        this.maxBodyBytes = settings.maxBodyBytes();
        this.retention = settings.retention();
        this.publicBaseUrl = settings.publicBaseUrl();
        this.reconcileAfter = settings.reconcileAfter();
        this.clock = clock;
        this.random = random;
        this.storeOutage = new StoreOutageGuard();
        this.queueOutage = new OutageLog("SQS (the webhook queue)", clock);
        this.telemetry = telemetry;
    }

    public static IngestService create(FunctionEnvironment environment) {
        return create(environment, new SecureRandom());
    }

    /**
     * The service as a function builds it, drawing token secrets from {@code tokenRandom}: on Lambda, the
     * generator its SnapStart priming reseeds after each restore.
     */
    public static IngestService create(FunctionEnvironment environment, SecureRandom tokenRandom) {
        HooklineSettings settings = environment.settings();
        return new IngestService(
                SourcesLocation.load(environment),
                new ExecutionStore(environment.clients().dynamoDb(), settings.executionsTable()),
                new WebhookQueue(environment.clients().sqs(), settings.webhookQueueUrl()),
                settings,
                Clock.systemUTC(),
                tokenRandom,
                environment.telemetry());
    }

    public IngestResult accept(IncomingWebhook webhook) {
        Optional<SourceConfig> found = sources.find(webhook.source());
        IngestResult result = accept(webhook, found);
        if (result instanceof Refused refused) {
            // The path names an unconfigured source as the sender likes: counted under one name, not under each.
            telemetry.emit(new LifecycleEvent.Refused(found.map(SourceConfig::name).orElse(HooklineMetric.UNKNOWN_SOURCE),
                    refused.httpStatus(), refused.code()));
        }
        return result;
    }

    private IngestResult accept(IncomingWebhook webhook, Optional<SourceConfig> found) {
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
            return Refused.of(401, LifecycleEvent.Refused.INVALID_SIGNATURE, invalid.reason());
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
            return Refused.of(400, "malformed_json", malformed.getMessage());
        }
        return storeOutage.call(() -> record(webhook, source, payload), () -> new Refused(503, "store_unavailable",
                "the execution store is unavailable, so the webhook was not accepted; retry the same delivery",
                RETRY_AFTER_SECONDS));
    }

    private IngestResult record(IncomingWebhook webhook, SourceConfig source, JsonNode payload) {
        String bodySha256 = sha256Hex(webhook.body());
        String deliveryId = source.scheme().deliveryId(webhook);
        String idempotencyKey = source.name() + ":" + (deliveryId != null ? deliveryId : "sha256:" + bodySha256);
        Instant now = clock.instant();
        ExecutionToken token = ExecutionToken.issue(idempotencyKey, random);
        ExecutionRecord started = ExecutionRecord.started(token, idempotencyKey, source.name(),
                eventType(source, webhook, payload), now, now.plus(ENQUEUE_CLAIM), now.plus(retention), bodySha256,
                source.exposePayload() ? new String(webhook.body(), StandardCharsets.UTF_8) : null);

        registerOnce(source.name());
        CreateOutcome outcome = store.create(started);
        if (outcome instanceof CreateOutcome.Created) {
            // Told before the send, so its line comes before the processor's, which may start at once.
            telemetry.emit(new LifecycleEvent.Received(source.name(), started.recordId(), started.eventType()));
            return enqueue(webhook, started, false);
        }
        return duplicate(webhook, outcome.record());
    }

    /**
     * A delivery already recorded. If it reached the queue (its body is kept once its message was
     * sent), answer with its token. If the first attempt is still enqueueing it, wait briefly for
     * that; if that attempt gave up or vanished, enqueue it now, so no accepted webhook stays
     * {@code STARTED} because SendMessage failed once.
     * If it reached the queue but has made no progress since (its message was purged or expired),
     * enqueue it again, as the reconciler would.
     */
    private IngestResult duplicate(IncomingWebhook webhook, ExecutionRecord existing) {
        long deadline = System.nanoTime() + DUPLICATE_WAIT.toNanos();
        ExecutionRecord record = existing;
        while (!reachedQueue(record)) {
            Instant now = clock.instant();
            if (store.claimEnqueue(record.recordId(), now.plus(ENQUEUE_CLAIM), now)) {
                return enqueue(webhook, record, true);
            }
            if (System.nanoTime() > deadline) {
                return new Refused(503, "delivery_in_progress",
                        "an earlier attempt of this delivery is still being queued; retry it shortly",
                        RETRY_AFTER_SECONDS);
            }
            pause();
            record = store.find(record.recordId()).orElse(record);
        }
        Instant now = clock.instant();
        if (record.isStuck(now, reconcileAfter) && store.markRequeued(record, now)) {
            return enqueue(webhook, record, true);
        }
        return accepted(webhook, record, true);
    }

    private void registerOnce(String source) {
        if (registeredSources.add(source)) {
            try {
                store.registerSource(source);
            } catch (RuntimeException notRegistered) {
                registeredSources.remove(source);
                throw notRegistered;
            }
        }
    }

    /**
     * Sends the webhook to the queue, then keeps its body: a kept body is the record that the message
     * was sent, which costs no write of its own. Should the call die between the two, the message is
     * queued but its body not kept, and the reconciler could not enqueue it again were it lost too.
     */
    private IngestResult enqueue(IncomingWebhook webhook, ExecutionRecord record, boolean duplicate) {
        StoredBody body = new StoredBody(webhook.header("content-type"), new String(webhook.body(), StandardCharsets.UTF_8));
        try {
            queue.send(Envelope.of(record, body));
        } catch (RuntimeException unavailable) {
            queueOutage.failed(unavailable);
            store.releaseEnqueue(record.recordId());
            return new Refused(503, "queue_unavailable",
                    "the webhook was recorded but could not be queued; retry the same delivery", RETRY_AFTER_SECONDS);
        }
        queueOutage.succeeded();
        store.keepBody(record, body);
        return accepted(webhook, record, duplicate);
    }

    /** Stops the queue's sender threads; Lambda never needs this, the local runtime does on shutdown. */
    @Override
    public void close() {
        queue.close();
    }

    private boolean reachedQueue(ExecutionRecord record) {
        return record.status() != ExecutionStatus.STARTED || store.findBody(record.recordId()).isPresent();
    }

    private static void pause() {
        try {
            Thread.sleep(DUPLICATE_POLL_MILLIS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an earlier delivery", interrupted);
        }
    }

    private Accepted accepted(IncomingWebhook webhook, ExecutionRecord record, boolean duplicate) {
        if (duplicate) {
            telemetry.emit(new LifecycleEvent.Duplicate(record.source(), record.recordId(), record.status()));
        }
        String base = publicBaseUrl.orElse(webhook.apiUrl() == null ? "" : webhook.apiUrl());
        return new Accepted(record.token(), record.status(), base + "/status/" + record.token().value(), duplicate);
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
