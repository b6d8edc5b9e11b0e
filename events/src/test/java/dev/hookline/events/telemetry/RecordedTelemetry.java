package dev.hookline.events.telemetry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Telemetry that keeps every event, for tests to read back. */
public final class RecordedTelemetry implements Telemetry {

    private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void emit(LifecycleEvent event) {
        events.add(event);
    }

    public List<LifecycleEvent> events() {
        return List.copyOf(events);
    }

    /** The events of one record, by kind, in order: {@code [step_done, step_done, step_done, finished]}. */
    public List<String> kindsFor(String recordId) {
        return events.stream()
                .filter(event -> recordId.equals(event.fields().get("record_id")))
                .map(LifecycleEvent::kind)
                .collect(Collectors.toList());
    }

    public List<Measurement> measurements() {
        return events.stream().flatMap(event -> event.measurements().stream()).collect(Collectors.toList());
    }

    public void clear() {
        events.clear();
    }
}
