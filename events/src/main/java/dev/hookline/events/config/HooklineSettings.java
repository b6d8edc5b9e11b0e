package dev.hookline.events.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Deployment settings every function reads from its environment variables, which
 * {@code template.yaml} sets on AWS and the local runtime sets from the same template.
 */
public record HooklineSettings(
        String executionsTable,
        String webhookQueueUrl,
        String deadLetterQueueUrl,
        Duration retention,
        int maxBodyBytes,
        Duration leaseDuration,
        int maxReceiveCount,
        int batchParallelism,
        Optional<String> publicBaseUrl,
        Duration reconcileAfter) {

    public static final String EXECUTIONS_TABLE = "HOOKLINE_EXECUTIONS_TABLE";
    public static final String WEBHOOK_QUEUE_URL = "HOOKLINE_QUEUE_URL";
    public static final String DEAD_LETTER_QUEUE_URL = "HOOKLINE_DLQ_URL";
    public static final String RETENTION_DAYS = "HOOKLINE_RETENTION_DAYS";
    public static final String MAX_BODY_BYTES = "HOOKLINE_MAX_BODY_BYTES";
    public static final String LEASE_SECONDS = "HOOKLINE_LEASE_SECONDS";
    /** The main queue's redrive {@code maxReceiveCount}: the processor fails an execution on the last one. */
    public static final String MAX_RECEIVE_COUNT = "HOOKLINE_MAX_RECEIVE_COUNT";
    /** How many records of one SQS batch the processor works on at once. */
    public static final String BATCH_PARALLELISM = "HOOKLINE_BATCH_PARALLELISM";
    /**
     * Where senders reach the API ({@code https://hooks.example.com}), for the {@code statusUrl} ingest
     * answers with; when blank, the domain API Gateway was invoked at. Never taken from request headers,
     * which a sender writes.
     */
    public static final String PUBLIC_BASE_URL = "HOOKLINE_PUBLIC_BASE_URL";
    /** How long an execution may make no progress before it is enqueued again (template: ReconcileAfterSeconds). */
    public static final String RECONCILE_AFTER_SECONDS = "HOOKLINE_RECONCILE_AFTER_SECONDS";

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;
    /**
     * The largest {@code HOOKLINE_MAX_BODY_BYTES}. The body is kept in a DynamoDB item, which holds at
     * most 400 KB, with its record's history beside it when the source exposes its payload. And its
     * envelope must fit one SQS message of 1 MiB: JSON escaping at most doubles a JSON body (a quote
     * or backslash in a string, or a tab or newline between tokens, becomes two bytes; a valid body has
     * no other control characters, and UTF-8 passes unescaped), and the envelope's other fields come
     * from headers, which API Gateway caps at 10 KB. 2 x 384 KiB + 10 KB + the field names < 1 MiB.
     */
    public static final int MAX_BODY_BYTES_LIMIT = 384 * 1024;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(90);
    public static final int DEFAULT_MAX_RECEIVE_COUNT = 10;
    public static final int DEFAULT_BATCH_PARALLELISM = 10;
    public static final Duration DEFAULT_RECONCILE_AFTER = Duration.ofMinutes(5);

    public static HooklineSettings from(Map<String, String> environment) {
        return new HooklineSettings(
                environment.getOrDefault(EXECUTIONS_TABLE, "hookline-executions"),
                environment.getOrDefault(WEBHOOK_QUEUE_URL, ""),
                environment.getOrDefault(DEAD_LETTER_QUEUE_URL, ""),
                Duration.ofDays(intValue(environment, RETENTION_DAYS, (int) DEFAULT_RETENTION.toDays())),
                maxBodyBytes(intValue(environment, MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES)),
                Duration.ofSeconds(intValue(environment, LEASE_SECONDS, (int) DEFAULT_LEASE.toSeconds())),
                intValue(environment, MAX_RECEIVE_COUNT, DEFAULT_MAX_RECEIVE_COUNT),
                intValue(environment, BATCH_PARALLELISM, DEFAULT_BATCH_PARALLELISM),
                baseUrl(environment.get(PUBLIC_BASE_URL)),
                Duration.ofSeconds(intValue(environment, RECONCILE_AFTER_SECONDS,
                        (int) DEFAULT_RECONCILE_AFTER.toSeconds())));
    }

    private static int maxBodyBytes(int value) {
        if (value < 1 || value > MAX_BODY_BYTES_LIMIT) {
            throw new IllegalArgumentException(MAX_BODY_BYTES + " must be between 1 and " + MAX_BODY_BYTES_LIMIT
                    + " (384 KiB: a body must fit a DynamoDB item and, escaped, an SQS message), got " + value);
        }
        return value;
    }

    /** An absolute http(s) URL with a host and nothing after its path, without a trailing slash. */
    private static Optional<String> baseUrl(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim().replaceAll("/+$", "");
        URI url;
        try {
            url = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PUBLIC_BASE_URL + " must be a URL such as https://hooks.example.com, got '"
                    + value + "'", e);
        }
        boolean web = "https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme());
        if (!web || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null
                || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(PUBLIC_BASE_URL + " must be an http or https URL with a host and no "
                    + "user, query or fragment, such as https://hooks.example.com; got '" + value + "'");
        }
        return Optional.of(trimmed);
    }

    private static int intValue(Map<String, String> environment, String name, int fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
