package dev.hookline.local.dlq;

import java.util.Optional;

/**
 * What a replay of the whole dead-letter queue did, through SQS's own message move task.
 *
 * @param before the queue's depth when the task started
 * @param moved how many messages the task reports it moved
 * @param status the task's last status: {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}, or
 *     {@code RUNNING} when the wait ran out first
 * @param failureReason why SQS says the task failed, when it did
 * @param after the queue's depth when the task finished (or the wait ran out)
 */
public record MoveReport(QueueDepth before, long moved, String status, Optional<String> failureReason,
        QueueDepth after) {

    public static final String COMPLETED = "COMPLETED";

    public boolean isCompleted() {
        return COMPLETED.equals(status);
    }
}
