package dev.hookline.events.store;

import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.store.Advance;
import dev.hookline.events.store.ExecutionStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Test helper: writes executions through the real store and moves them to a status as the processor would. */
public final class StoredExecutions {

    public static final ExecutionError FAILURE = new ExecutionError("forward_failed", "the target answered 503");
    public static final ExecutionError REJECTION = new ExecutionError("validation_failed", "orderId is missing");
    public static final String RESULT = "{\"outcome\":\"completed\",\"summary\":{\"bytes\":47}}";
    private static final String PROCESSOR = "processor-1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ExecutionStore store;

    public StoredExecutions(ExecutionStore store) {
        this.store = store;
    }

    /**
     * A new {@code STARTED} execution, with its source registered as ingest registers it;
     * {@code payload} is kept only when not null, as for an exposing source.
     */
    public ExecutionRecord started(String source, String eventType, Instant receivedAt, String payload) {
        String key = source + ":" + UUID.randomUUID();
        ExecutionRecord record = ExecutionRecord.started(ExecutionToken.issue(key, RANDOM), key, source, eventType,
                receivedAt, receivedAt.plusSeconds(10), receivedAt.plus(Duration.ofDays(7)), "sha", payload);
        store.registerSource(source);
        store.create(record);
        return record;
    }

    public ExecutionRecord started(String source, String eventType, Instant receivedAt) {
        return started(source, eventType, receivedAt, null);
    }

    /** Claims the execution and moves it to {@code status} in one step, with an error or result where it has one. */
    public ExecutionRecord moveTo(ExecutionRecord record, ExecutionStatus status) {
        if (status == ExecutionStatus.STARTED) {
            return record;
        }
        Instant at = record.receivedAt().plusMillis(250);
        store.claimUntouched(record.recordId(), new Lease(PROCESSOR, at.plusSeconds(90)), at);
        if (status != ExecutionStatus.VALIDATING) {
            Advance advance = Advance.to(record.recordId(), PROCESSOR, 1, 1, status, at.plusMillis(250));
            store.advance(switch (status) {
                case FAILED -> advance.withError(FAILURE);
                case REJECTED -> advance.withError(REJECTION);
                case COMPLETED -> advance.withResult(RESULT);
                default -> advance;
            });
        }
        return store.find(record.recordId()).orElseThrow();
    }

    /** Sends a failed execution back for a replay: a new round, with the history saying why. */
    public ExecutionRecord replay(ExecutionRecord failed, ExecutionStatus resumeAt) {
        Instant at = failed.lastUpdated().plusSeconds(60);
        return store.startRound(failed, resumeAt, new Lease(PROCESSOR, at.plusSeconds(90)), at).orElseThrow();
    }
}
