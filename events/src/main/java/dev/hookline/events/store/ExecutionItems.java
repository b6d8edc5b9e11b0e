package dev.hookline.events.store;

import static dev.hookline.events.store.IndexKeys.ATTENTION;
import static dev.hookline.events.store.IndexKeys.LIST_SORT;
import static dev.hookline.events.store.IndexKeys.SOURCES_PARTITION;
import static dev.hookline.events.store.IndexKeys.SOURCE_KEY;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.Requeued;
import dev.hookline.events.StepStart;
import dev.hookline.events.StoredBody;
import dev.hookline.events.Transition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps execution records to DynamoDB items and back. Times are epoch milliseconds. */
final class ExecutionItems {

    static final String ID = "id";
    static final String TOKEN = "token";
    static final String IDEMPOTENCY_KEY = "idempotencyKey";
    static final String SOURCE = "source";
    static final String EVENT_TYPE = "eventType";
    static final String STATUS = "status";
    static final String STATUS_RANK = "statusRank";
    static final String ROUND = "round";
    static final String ATTEMPTS = "attempts";
    static final String ENQUEUING = "enqueuing";
    static final String RECEIVED_AT = "receivedAt";
    static final String LAST_UPDATED = "lastUpdated";
    static final String EXPIRES_AT = "expiresAt";
    static final String PAYLOAD_SHA256 = "payloadSha256";
    static final String HISTORY = "history";
    static final String CHECKPOINTS = "checkpoints";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String STEP_START = "stepStart";
    /** The id of a source's marker: never a record id, which has no '#'. */
    static final String SOURCE_MARKER_PREFIX = "source#";
    /** The id of the reconciler's watermark item. */
    static final String RECONCILED_ID = "reconciler#watermark";
    static final String RECONCILED_UNTIL = "until";
    static final String ERROR = "error";
    /** The result of the step that ended the execution; that step has no checkpoint entry besides. */
    static final String RESULT = "result";
    /** The body as received, only for sources with {@code exposePayload}; never projected into the listing index. */
    static final String PAYLOAD = "payload";
    static final String REQUEUES = "requeues";
    static final String REQUEUED_AT = "requeuedAt";
    /** The id of a record's {@link dev.hookline.events.StoredBody} item: never a record id, which has no '#'. */
    static final String BODY_ID_PREFIX = "body#";
    static final String BODY = "body";

    // Names inside the history, checkpoint and step-start maps: one letter each, repeated in every entry,
    // they keep a completed record under 1 KB (one write unit) where the full words cost 110 bytes more.
    static final String STATUS_FIELD = "s";
    static final String AT_FIELD = "t";
    static final String ATTEMPT_FIELD = "a";
    static final String ROUND_FIELD = "r";
    static final String REASON_FIELD = "why";
    static final String STEP_FIELD = "n";
    static final String RESULT_FIELD = "v";
    static final String CONTENT_TYPE = "contentType";
    /**
     * What a token is compared with when there is no item, so that a missing record costs the same
     * comparison as a wrong secret: as long as a token (44 characters, which sets how long
     * {@link MessageDigest#isEqual} loops) and equal to none ({@code .} is not a base64url character).
     */
    static final String NO_TOKEN = ".".repeat(44);

    private ExecutionItems() {
    }

    static Map<String, AttributeValue> toItem(ExecutionRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(record.recordId()));
        item.put(TOKEN, s(record.token().value()));
        item.put(IDEMPOTENCY_KEY, s(record.idempotencyKey()));
        item.put(SOURCE, s(record.source()));
        if (record.eventType() != null) {
            item.put(EVENT_TYPE, s(record.eventType()));
        }
        item.put(STATUS, s(record.status().name()));
        item.put(STATUS_RANK, n(record.status().rank()));
        item.put(SOURCE_KEY, s(sourceKey(record.source(), record.recordId())));
        item.put(LIST_SORT, s(listSort(record.receivedAt(), record.recordId())));
        if (attentionKind(record.status()) != null) {
            item.put(ATTENTION, s(attentionKey(attentionKind(record.status()), record.recordId())));
        }
        item.put(ROUND, n(record.round()));
        item.put(ATTEMPTS, n(record.attempts()));
        if (record.enqueuing() != null) {
            item.put(ENQUEUING, time(record.enqueuing()));
        }
        item.put(RECEIVED_AT, time(record.receivedAt()));
        item.put(LAST_UPDATED, time(record.lastUpdated()));
        item.put(EXPIRES_AT, n(record.expiresAt().getEpochSecond()));
        item.put(PAYLOAD_SHA256, s(record.payloadSha256()));
        item.put(HISTORY, AttributeValue.fromL(record.history().stream().map(ExecutionItems::transition).toList()));
        item.put(CHECKPOINTS,
                AttributeValue.fromL(record.checkpoints().stream().map(ExecutionItems::checkpoint).toList()));
        if (record.lease() != null) {
            item.put(LEASE_OWNER, s(record.lease().owner()));
            item.put(LEASE_UNTIL, time(record.lease().until()));
        }
        if (record.stepStart() != null) {
            item.put(STEP_START, stepStart(record.stepStart()));
        }
        if (record.error() != null) {
            item.put(ERROR, error(record.error()));
        }
        if (record.result() != null) {
            item.put(RESULT, s(record.result()));
        }
        if (record.payload() != null) {
            item.put(PAYLOAD, s(record.payload()));
        }
        if (record.requeued() != null) {
            item.put(REQUEUES, n(record.requeued().count()));
            item.put(REQUEUED_AT, time(record.requeued().at()));
        }
        return item;
    }

    /**
     * Whether {@code item} is the record {@code token} names, compared in constant time and before
     * anything else of the item is read; an empty item (no such record) is compared with
     * {@link #NO_TOKEN}, so that both answers take the same work.
     */
    static boolean holdsToken(Map<String, AttributeValue> item, ExecutionToken token) {
        AttributeValue stored = item.get(TOKEN);
        String expected = stored == null || stored.s() == null ? NO_TOKEN : stored.s();
        // The presented token goes first: isEqual's time depends on its first argument's length only.
        return MessageDigest.isEqual(token.value().getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII));
    }

    static ExecutionRecord fromItem(Map<String, AttributeValue> item) {
        Lease lease = item.containsKey(LEASE_OWNER)
                ? new Lease(item.get(LEASE_OWNER).s(), instant(item.get(LEASE_UNTIL)))
                : null;
        ExecutionError error = item.containsKey(ERROR)
                ? new ExecutionError(item.get(ERROR).m().get("code").s(), item.get(ERROR).m().get("message").s())
                : null;
        return new ExecutionRecord(
                ExecutionToken.parse(item.get(TOKEN).s())
                        .orElseThrow(() -> new IllegalStateException("stored token is malformed")),
                item.get(IDEMPOTENCY_KEY).s(),
                item.get(SOURCE).s(),
                item.containsKey(EVENT_TYPE) ? item.get(EVENT_TYPE).s() : null,
                ExecutionStatus.valueOf(item.get(STATUS).s()),
                integer(item.get(ROUND)),
                integer(item.get(ATTEMPTS)),
                item.containsKey(ENQUEUING) ? instant(item.get(ENQUEUING)) : null,
                instant(item.get(RECEIVED_AT)),
                instant(item.get(LAST_UPDATED)),
                Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())),
                item.get(PAYLOAD_SHA256).s(),
                item.get(HISTORY).l().stream().map(ExecutionItems::transition).toList(),
                item.containsKey(CHECKPOINTS)
                        ? item.get(CHECKPOINTS).l().stream().map(ExecutionItems::checkpoint).toList()
                        : List.of(),
                lease,
                item.containsKey(STEP_START) ? stepStart(item.get(STEP_START)) : null,
                error,
                item.containsKey(RESULT) ? item.get(RESULT).s() : null,
                item.containsKey(PAYLOAD) ? item.get(PAYLOAD).s() : null,
                item.containsKey(REQUEUES)
                        ? new Requeued(integer(item.get(REQUEUES)), instant(item.get(REQUEUED_AT)))
                        : null);
    }

    static Map<String, AttributeValue> bodyItem(String recordId, StoredBody body, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(BODY_ID_PREFIX + recordId));
        item.put(BODY, s(body.body()));
        if (body.contentType() != null) {
            item.put(CONTENT_TYPE, s(body.contentType()));
        }
        item.put(EXPIRES_AT, n(expiresAt.getEpochSecond()));
        return item;
    }

    static Map<String, AttributeValue> sourceMarker(String source) {
        return Map.of(ID, s(SOURCE_MARKER_PREFIX + source), SOURCE_KEY, s(SOURCES_PARTITION), LIST_SORT, s(source));
    }

    static StoredBody storedBody(Map<String, AttributeValue> item) {
        return new StoredBody(item.containsKey(CONTENT_TYPE) ? item.get(CONTENT_TYPE).s() : null, item.get(BODY).s());
    }

    static AttributeValue transition(Transition transition) {
        Map<String, AttributeValue> m = new HashMap<>(Map.of(
                STATUS_FIELD, s(transition.status().name()),
                AT_FIELD, time(transition.at()),
                ATTEMPT_FIELD, n(transition.attempt()),
                ROUND_FIELD, n(transition.round())));
        if (transition.reason() != null) {
            m.put(REASON_FIELD, s(transition.reason()));
        }
        return AttributeValue.fromM(m);
    }

    static AttributeValue checkpoint(Checkpoint checkpoint) {
        return AttributeValue.fromM(Map.of(
                STEP_FIELD, s(checkpoint.step()),
                RESULT_FIELD, s(checkpoint.result()),
                AT_FIELD, time(checkpoint.completedAt()),
                ROUND_FIELD, n(checkpoint.round()),
                ATTEMPT_FIELD, n(checkpoint.attempt())));
    }

    static AttributeValue stepStart(StepStart start) {
        return AttributeValue.fromM(Map.of(
                STEP_FIELD, s(start.step()),
                ROUND_FIELD, n(start.round()),
                ATTEMPT_FIELD, n(start.attempt()),
                AT_FIELD, time(start.at())));
    }

    static AttributeValue error(ExecutionError error) {
        return AttributeValue.fromM(Map.of("code", s(error.code()), "message", s(error.message())));
    }

    static String sourceKey(String source, String recordId) {
        return IndexKeys.sourcePartition(source, IndexKeys.shard(recordId));
    }

    /** The kind of attention a record with this status needs: {@code null} for none. */
    static String attentionKind(ExecutionStatus status) {
        return status == ExecutionStatus.FAILED || status == ExecutionStatus.REJECTED ? status.name() : null;
    }

    static String attentionKey(String kind, String recordId) {
        return IndexKeys.attentionPartition(kind, IndexKeys.shard(recordId));
    }

    static String listSort(Instant receivedAt, String recordId) {
        return String.format("%013d#%s", receivedAt.toEpochMilli(), recordId);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue time(Instant value) {
        return n(value.toEpochMilli());
    }

    private static Transition transition(AttributeValue value) {
        Map<String, AttributeValue> m = value.m();
        return new Transition(ExecutionStatus.valueOf(m.get(STATUS_FIELD).s()), instant(m.get(AT_FIELD)),
                integer(m.get(ATTEMPT_FIELD)), integer(m.get(ROUND_FIELD)),
                m.containsKey(REASON_FIELD) ? m.get(REASON_FIELD).s() : null);
    }

    private static Checkpoint checkpoint(AttributeValue value) {
        Map<String, AttributeValue> m = value.m();
        return new Checkpoint(m.get(STEP_FIELD).s(), m.get(RESULT_FIELD).s(), instant(m.get(AT_FIELD)),
                integer(m.get(ROUND_FIELD)), integer(m.get(ATTEMPT_FIELD)));
    }

    private static StepStart stepStart(AttributeValue value) {
        Map<String, AttributeValue> m = value.m();
        return new StepStart(m.get(STEP_FIELD).s(), integer(m.get(ROUND_FIELD)), integer(m.get(ATTEMPT_FIELD)),
                instant(m.get(AT_FIELD)));
    }

    private static Instant instant(AttributeValue value) {
        return Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    private static int integer(AttributeValue value) {
        return Integer.parseInt(value.n());
    }
}
