package dev.hookline.processor.workflow;

import java.util.List;

/** What the {@code record} action keeps of a payload: its type, size and top-level fields. */
public record ProcessingSummary(String action, String eventType, int bytes, List<String> fields) {

    public ProcessingSummary {
        fields = List.copyOf(fields);
    }
}
