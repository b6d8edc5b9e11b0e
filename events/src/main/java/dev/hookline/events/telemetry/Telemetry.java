package dev.hookline.events.telemetry;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the state changes of executions go: the log (one line each), CloudWatch metrics on Lambda,
 * the local runtime's {@code GET /metrics}. Services are given one and tell it what happened.
 */
public interface Telemetry {

    /** Tells nobody: for tests of one class that do not look at telemetry. */
    Telemetry NONE = event -> { };

    void emit(LifecycleEvent event);

    /**
     * Every one of {@code sinks}, in order. A sink that throws is logged and passed over: telemetry
     * never fails the webhook it describes.
     */
    static Telemetry of(Telemetry... sinks) {
        List<Telemetry> all = List.of(sinks);
        Logger log = LoggerFactory.getLogger(Telemetry.class);
        return event -> {
            for (Telemetry sink : all) {
                try {
                    sink.emit(event);
                } catch (RuntimeException failed) {
                    log.warn("{} could not record a {} event: {}", sink.getClass().getSimpleName(), event.kind(),
                            failed.toString());
                }
            }
        };
    }
}
