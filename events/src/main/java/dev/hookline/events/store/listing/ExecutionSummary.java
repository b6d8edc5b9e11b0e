package dev.hookline.events.store.listing;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionStatus;
import java.time.Instant;

/**
 * One execution as the listing shows it: what the listing index holds, without history, result or
 * payload (read {@code GET /status/{token}} for those). Absent values are left out of the JSON.
 *
 * @param type the event type, or {@code null} when the webhook did not declare one
 * @param error why it failed or was rejected, or the last attempt's error while it is retried;
 *     {@code null} when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionSummary(
        String executionToken,
        String source,
        String type,
        ExecutionStatus status,
        int round,
        int attempts,
        Instant receivedAt,
        Instant lastUpdated,
        ExecutionError error) {
}
