package dev.hookline.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.Transition;
import dev.hookline.events.json.Json;
import java.time.Instant;
import java.util.List;

/** What the status API shows of an execution: never the payload, a secret or a stack trace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionView(
        String executionToken,
        String source,
        String type,
        String status,
        String currentStep,
        int attempts,
        Instant receivedAt,
        Instant lastUpdated,
        List<HistoryEntry> history,
        ExecutionError error,
        JsonNode result) {

    /** One transition: the status reached, when, and on which attempt. */
    public record HistoryEntry(String status, Instant at, int attempt) {

        static HistoryEntry of(Transition transition) {
            return new HistoryEntry(transition.status().name(), transition.at(), transition.attempt());
        }
    }

    public static ExecutionView of(ExecutionRecord record) {
        return new ExecutionView(
                record.token().value(),
                record.source(),
                record.eventType(),
                record.status().name(),
                currentStep(record),
                record.attempts(),
                record.receivedAt(),
                record.lastUpdated(),
                record.history().stream().map(HistoryEntry::of).toList(),
                record.error(),
                record.result() == null ? null : Json.tree(record.result()));
    }

    private static String currentStep(ExecutionRecord record) {
        return switch (record.status()) {
            case STARTED, VALIDATING -> "validate";
            case PROCESSING -> "process";
            case FINALIZING -> "finalize";
            case COMPLETED, REJECTED, FAILED -> null;
        };
    }
}
