package dev.hookline.events.telemetry;

import static dev.hookline.events.telemetry.HooklineMetric.Dimension.ERROR_CODE;
import static dev.hookline.events.telemetry.HooklineMetric.Dimension.SOURCE;
import static dev.hookline.events.telemetry.HooklineMetric.Dimension.STEP;

import dev.hookline.events.ExecutionStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something that happened to a webhook: each kind says how it reads in the log and what it counts.
 * None carries a token, a secret or a signature; an execution is named by its record id.
 */
public sealed interface LifecycleEvent {

    /** The {@code event} field of its log line: {@code received}, {@code step_done}, ... */
    String kind();

    /** The configured source's name, or {@link HooklineMetric#UNKNOWN_SOURCE}. */
    String source();

    /** The log line's message: a sentence an operator reads. */
    String message();

    /** The fields of its log line beside the correlation fields, in order. */
    Map<String, Object> fields();

    List<Measurement> measurements();

    /**
     * Ingest recorded a webhook, {@code STARTED}, and goes on to queue it; should the queue refuse it, a
     * {@link Refused} follows, and the sender's retry, a {@link Duplicate}, queues it.
     */
    record Received(String source, String recordId, String eventType) implements LifecycleEvent {
        public String kind() {
            return "received";
        }

        public String message() {
            return "received " + (eventType == null ? "a webhook" : eventType) + " from " + source;
        }

        public Map<String, Object> fields() {
            return namedFields("record_id", recordId, "status", ExecutionStatus.STARTED, "event_type", eventType);
        }

        public List<Measurement> measurements() {
            return List.of(Measurement.count(HooklineMetric.WEBHOOKS_ACCEPTED, Map.of(SOURCE, source)));
        }
    }

    /** A delivery of a webhook already recorded, answered with its token. */
    record Duplicate(String source, String recordId, ExecutionStatus status) implements LifecycleEvent {
        public String kind() {
            return "duplicate";
        }

        public String message() {
            return "duplicate delivery of an execution that is " + status;
        }

        public Map<String, Object> fields() {
            return namedFields("record_id", recordId, "status", status);
        }

        public List<Measurement> measurements() {
            return List.of(Measurement.count(HooklineMetric.DUPLICATE_DELIVERIES, Map.of(SOURCE, source)));
        }
    }

    /** A request ingest refused: nothing was recorded. */
    record Refused(String source, int httpStatus, String code) implements LifecycleEvent {
        public static final String INVALID_SIGNATURE = "invalid_signature";

        public String kind() {
            return "refused";
        }

        public String message() {
            return "refused a request for " + source + " with " + httpStatus + " " + code;
        }

        public Map<String, Object> fields() {
            return namedFields("reason", code, "http_status", httpStatus);
        }

        public List<Measurement> measurements() {
            Measurement refused = Measurement.count(HooklineMetric.WEBHOOKS_REFUSED,
                    Map.of(SOURCE, source, ERROR_CODE, code));
            return INVALID_SIGNATURE.equals(code)
                    ? List.of(refused, Measurement.count(HooklineMetric.SIGNATURE_FAILURES, Map.of(SOURCE, source)))
                    : List.of(refused);
        }
    }

    /**
     * A step ran to its end and the execution moves on to {@code status}. The round, like the other
     * correlation fields, is the thread's.
     */
    record StepDone(String source, String recordId, int attempt, String step, ExecutionStatus status,
            Duration took) implements LifecycleEvent {
        public String kind() {
            return "step_done";
        }

        public String message() {
            return step + " done in " + took.toMillis() + " ms";
        }

        public Map<String, Object> fields() {
            return namedFields("record_id", recordId, "attempt", attempt, "step", step, "status", status,
                    "duration_ms", took.toMillis());
        }

        public List<Measurement> measurements() {
            return List.of(Measurement.millis(HooklineMetric.STEP_DURATION, took, Map.of(SOURCE, source, STEP, step)));
        }
    }

    /** The forward target accepted the webhook with a 2xx. */
    record Forwarded(String source, String recordId, int httpStatus, Duration took) implements LifecycleEvent {
        public String kind() {
            return "forwarded";
        }

        public String message() {
            return "forward target accepted it with " + httpStatus + " in " + took.toMillis() + " ms";
        }

        public Map<String, Object> fields() {
            return namedFields("record_id", recordId, "http_status", httpStatus, "duration_ms", took.toMillis());
        }

        public List<Measurement> measurements() {
            return List.of(Measurement.millis(HooklineMetric.FORWARD_LATENCY, took, Map.of(SOURCE, source)));
        }
    }

    /** A step attempt failed and the execution runs again after {@code delay}. */
    record RetryScheduled(String source, String recordId, int attempt, String step, String code,
            Duration delay) implements LifecycleEvent {
        public String kind() {
            return "retry_scheduled";
        }

        public String message() {
            return step + " attempt " + attempt + " failed (" + code + "); it runs again in " + delay.toMillis()
                    + " ms";
        }

        public Map<String, Object> fields() {
            return namedFields("record_id", recordId, "attempt", attempt, "step", step, "reason", code,
                    "delay_ms", delay.toMillis());
        }

        public List<Measurement> measurements() {
            return List.of(Measurement.count(HooklineMetric.STEP_RETRIES, Map.of(SOURCE, source, STEP, step)));
        }
    }

    /**
     * The execution reached a final status: COMPLETED, REJECTED (with the reason code) or FAILED (its
     * message goes on to the dead-letter queue), {@code sinceReceipt} after ingest received it.
     */
    record Finished(String source, String recordId, ExecutionStatus status, String code,
            Duration sinceReceipt) implements LifecycleEvent {
        public Finished {
            if (!status.isTerminal()) {
                throw new IllegalArgumentException(status + " is not a final status");
            }
        }

        public String kind() {
            return "finished";
        }

        public String message() {
            return switch (status) {
                case COMPLETED -> "completed";
                case REJECTED -> "rejected: " + code;
                default -> "failed: " + code + "; its message goes on to the dead-letter queue";
            };
        }

        public Map<String, Object> fields() {
            return namedFields("record_id", recordId, "status", status, "reason", code,
                    "end_to_end_ms", sinceReceipt.toMillis());
        }

        public List<Measurement> measurements() {
            HooklineMetric counted = switch (status) {
                case COMPLETED -> HooklineMetric.EXECUTIONS_COMPLETED;
                case REJECTED -> HooklineMetric.EXECUTIONS_REJECTED;
                default -> HooklineMetric.EXECUTIONS_FAILED;
            };
            return List.of(Measurement.count(counted, Map.of(SOURCE, source)),
                    Measurement.millis(HooklineMetric.END_TO_END_LATENCY, sinceReceipt, Map.of(SOURCE, source)));
        }
    }

    /** An operator's replay started a new round of a failed execution, resuming at {@code status}. */
    record Replayed(String source, String recordId, int round, ExecutionStatus status) implements LifecycleEvent {
        public String kind() {
            return "replayed";
        }

        public String message() {
            return "replayed: round " + round + " resumes at " + status;
        }

        public Map<String, Object> fields() {
            return namedFields("record_id", recordId, "round", round, "status", status);
        }

        public List<Measurement> measurements() {
            return List.of(Measurement.count(HooklineMetric.EXECUTIONS_REPLAYED, Map.of(SOURCE, source)));
        }
    }

    /** Pairs of name and value, leaving out the values that are null. */
    private static Map<String, Object> namedFields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return fields;
    }
}
