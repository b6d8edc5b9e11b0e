package dev.hookline.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One webhook's execution: its idempotency record, its status with history, and the checkpoint log
 * of its workflow, all on a single DynamoDB item.
 *
 * @param enqueuing until when the ingest call that recorded the webhook may still be sending it to
 *     the queue; {@code null} after a send failed. Success is not written on the record: the body
 *     kept once the message was sent says so
 * @param lease the processor's claim, or {@code null} when none is held
 * @param stepStart the at-most-once step attempt under way, or {@code null}
 * @param error why it failed or was rejected, or {@code null}
 * @param result the workflow's final result as JSON, or {@code null} until it completes
 * @param payload the body exactly as received (UTF-8 text), kept only when the source opts in with
 *     {@code exposePayload: true}; otherwise {@code null}
 * @param requeued when it was last put back on the queue because it had stopped making progress, or
 *     {@code null} if never
 */
public record ExecutionRecord(
        ExecutionToken token,
        String idempotencyKey,
        String source,
        String eventType,
        ExecutionStatus status,
        int round,
        int attempts,
        Instant enqueuing,
        Instant receivedAt,
        Instant lastUpdated,
        Instant expiresAt,
        String payloadSha256,
        List<Transition> history,
        List<Checkpoint> checkpoints,
        Lease lease,
        StepStart stepStart,
        ExecutionError error,
        String result,
        String payload,
        Requeued requeued) {

    /** The longest the reconciler waits between two requeues of one execution: 2^6 thresholds. */
    private static final int MAX_REQUEUE_BACKOFF_DOUBLINGS = 6;

    public ExecutionRecord {
        history = List.copyOf(history);
        checkpoints = List.copyOf(checkpoints);
    }

    /**
     * A new record, as ingest writes it before the webhook is enqueued: the writer holds the right to
     * enqueue it until {@code enqueuing}, so a duplicate arriving meanwhile does not enqueue it too.
     *
     * @param payload the body as received, kept only for a source that lets the status API show it;
     *     otherwise {@code null}
     */
    public static ExecutionRecord started(
            ExecutionToken token,
            String idempotencyKey,
            String source,
            String eventType,
            Instant receivedAt,
            Instant enqueuing,
            Instant expiresAt,
            String payloadSha256,
            String payload) {
        return new ExecutionRecord(token, idempotencyKey, source, eventType, ExecutionStatus.STARTED, 1, 0, enqueuing,
                receivedAt, receivedAt, expiresAt, payloadSha256,
                List.of(new Transition(ExecutionStatus.STARTED, receivedAt, 0, 1)), List.of(), null, null, null, null,
                payload, null);
    }

    /**
     * Whether the execution has stopped making progress: not final, nothing written for
     * {@code threshold}, no processor's lease or awaited retry due within it, nobody enqueueing it,
     * and not requeued recently. Each requeue doubles the wait before the next, so a queue that is
     * merely slow to drain gets few copies, which the claim then drops.
     */
    public boolean isStuck(Instant now, Duration threshold) {
        if (status.isTerminal() || !now.isAfter(lastUpdated.plus(threshold))) {
            return false;
        }
        if (lease != null && !now.isAfter(lease.until().plus(threshold))) {
            return false;
        }
        if (enqueuing != null && !now.isAfter(enqueuing)) {
            return false;
        }
        return requeued == null || now.isAfter(requeued.at().plus(
                threshold.multipliedBy(1L << Math.min(requeued.count(), MAX_REQUEUE_BACKOFF_DOUBLINGS))));
    }

    public String recordId() {
        return token.recordId();
    }
}
