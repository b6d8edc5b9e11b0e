package dev.hookline.events.telemetry;

import dev.hookline.events.ExecutionStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The fields every log line about one execution carries while it is being worked on (source, record
 * id, round, attempt, step, status), as logging context of the current thread. Closing it puts back
 * what the thread had before.
 */
public final class CorrelationFields implements AutoCloseable {

    public static final String SOURCE = "source";
    public static final String RECORD_ID = "record_id";
    public static final String ROUND = "round";
    public static final String ATTEMPT = "attempt";
    public static final String STEP = "step";
    public static final String STATUS = "status";

    private final Map<String, String> before = new LinkedHashMap<>();

    private CorrelationFields() {
    }

    /** The fields of the execution {@code recordId} of {@code source}, until closed. */
    public static CorrelationFields of(String source, String recordId) {
        return new CorrelationFields().with(SOURCE, source).with(RECORD_ID, recordId);
    }

    public CorrelationFields round(int round) {
        return with(ROUND, Integer.toString(round));
    }

    public CorrelationFields attempt(int attempt) {
        return with(ATTEMPT, Integer.toString(attempt));
    }

    public CorrelationFields step(String step) {
        return with(STEP, step);
    }

    public CorrelationFields status(ExecutionStatus status) {
        return with(STATUS, status.name());
    }

    /** Sets one field, or removes it for a null value, until this is closed. */
    public CorrelationFields with(String field, String value) {
        if (!before.containsKey(field)) {
            before.put(field, MDC.get(field));
        }
        if (value == null) {
            MDC.remove(field);
        } else {
            MDC.put(field, value);
        }
        return this;
    }

    @Override
    public void close() {
        before.forEach((field, value) -> {
            if (value == null) {
                MDC.remove(field);
            } else {
                MDC.put(field, value);
            }
        });
        before.clear();
    }
}
