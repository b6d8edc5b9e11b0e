package dev.hookline.local.dlq;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One message in the dead-letter queue as an operator sees it: which webhook it carries, read from
 * the message, and where its execution stands, read from the execution record.
 *
 * @param executionToken the webhook's token, or {@code null} when the message is not a Hookline envelope
 * @param source the source the webhook came from, or {@code null} when unreadable
 * @param eventType the webhook's event type, or {@code null}
 * @param receivedAt when ingest accepted the webhook, or {@code null} when unreadable
 * @param status the execution's status, or {@code null} when it has no record (expired, or unreadable)
 * @param error why the execution failed, or {@code null}
 * @param failedAt when the execution failed: its last {@code FAILED} transition, else its last update,
 *     else when it was received; {@code null} only for an unreadable message
 */
public record DeadLetter(
        String messageId,
        String executionToken,
        String source,
        String eventType,
        Instant receivedAt,
        ExecutionStatus status,
        ExecutionError error,
        int round,
        int attempts,
        Instant failedAt) {

    /** A message that carries an envelope, described with its execution record when there is one. */
    public static DeadLetter of(String messageId, Envelope envelope, Optional<ExecutionRecord> record) {
        if (record.isEmpty()) {
            return new DeadLetter(messageId, envelope.executionToken(), envelope.source(), envelope.eventType(),
                    envelope.receivedAt(), null, null, 0, 0, envelope.receivedAt());
        }
        ExecutionRecord execution = record.get();
        return new DeadLetter(messageId, envelope.executionToken(), envelope.source(), envelope.eventType(),
                envelope.receivedAt(), execution.status(), execution.error(), execution.round(), execution.attempts(),
                failedAt(execution));
    }

    /** A message whose body is not a Hookline envelope: it is listed, never replayed. */
    public static DeadLetter unreadable(String messageId) {
        return new DeadLetter(messageId, null, null, null, null, null, null, 0, 0, null);
    }

    public boolean isReadable() {
        return executionToken != null;
    }

    /** How long ago the execution failed, never negative; empty for an unreadable message. */
    public Optional<Duration> age(Instant now) {
        if (failedAt == null) {
            return Optional.empty();
        }
        Duration age = Duration.between(failedAt, now);
        return Optional.of(age.isNegative() ? Duration.ZERO : age);
    }

    private static Instant failedAt(ExecutionRecord execution) {
        List<Transition> history = execution.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).status() == ExecutionStatus.FAILED) {
                return history.get(i).at();
            }
        }
        return execution.lastUpdated() != null ? execution.lastUpdated() : execution.receivedAt();
    }
}
