package dev.hookline.events.telemetry;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per event, with its kind as {@code event} and its fields beside the correlation
 * fields the thread already carries: in Lambda's JSON lines, each is a field of its own.
 */
public final class LogTelemetry implements Telemetry {

    /** The logger of every state change, so an operator can turn them up or down on their own. */
    public static final String LOGGER = "dev.hookline.lifecycle";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void emit(LifecycleEvent event) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        try (CorrelationFields fields = CorrelationFields.of(event.source(), null)) {
            fields.with("event", event.kind());
            for (Map.Entry<String, Object> field : event.fields().entrySet()) {
                fields.with(field.getKey(), String.valueOf(field.getValue()));
            }
            LOG.info(event.message());
        }
    }
}
