package dev.hookline.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.Transition;
import dev.hookline.events.json.Json;
import java.time.Instant;
import java.util.List;

/**
 * What the status API shows of an execution: never a secret or a stack trace, and the payload only
 * when its source opted in with {@code exposePayload: true}. Absent values are left out of the JSON.
 *
 * @param currentStep the workflow step under way ({@code validate}, {@code process} or
 *     {@code finalize}) while the execution is in one; {@code null} before the processor has
 *     claimed it and once it is finished
 * @param payload the body as received, or {@code null} unless the source exposes payloads
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionView(
        String executionToken,
        String source,
        String type,
        String status,
        String currentStep,
        int round,
        int attempts,
        Instant receivedAt,
        Instant lastUpdated,
        List<HistoryEntry> history,
        ExecutionError error,
        JsonNode result,
        String payload) {

    /**
     * One transition: the status reached, when, on which attempt and round, and why when it was not
     * the next step finishing (such as {@code replay}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(String status, Instant at, int attempt, int round, String reason) {

        static HistoryEntry of(Transition transition) {
            return new HistoryEntry(transition.status().name(), transition.at(), transition.attempt(),
                    transition.round(), transition.reason());
        }
    }

    public static ExecutionView of(ExecutionRecord record) {
        return new ExecutionView(
                record.token().value(),
                record.source(),
                record.eventType(),
                record.status().name(),
                currentStep(record),
                record.round(),
                record.attempts(),
                record.receivedAt(),
                record.lastUpdated(),
                record.history().stream().map(HistoryEntry::of).toList(),
                record.error(),
                record.result() == null ? null : Json.tree(record.result()),
                record.payload());
    }

    private static String currentStep(ExecutionRecord record) {
        return switch (record.status()) {
            case VALIDATING -> "validate";
            case PROCESSING -> "process";
            case FINALIZING -> "finalize";
            case STARTED, COMPLETED, REJECTED, FAILED -> null;
        };
    }
}
