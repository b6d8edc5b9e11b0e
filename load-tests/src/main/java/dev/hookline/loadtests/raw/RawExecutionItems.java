package dev.hookline.loadtests.raw;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items and changes of realistic size for the raw baseline, cut from one execution record Hookline
 * completed: the record as ingest writes it (no checkpoint, no lease, one history entry,
 * {@code STARTED}), the claim that takes the lease with the first step's checkpoint, and the last
 * step that appends the remaining checkpoints and the result and completes it. The index keys it
 * carries are written once, by the put, as Hookline's are.
 */
record RawExecutionItems(Map<String, AttributeValue> started, List<AttributeValue> firstCheckpoint,
        List<AttributeValue> laterCheckpoints, AttributeValue result, AttributeValue historyEntry) {

    private static final Set<String> PROCESSOR_ATTRIBUTES = Set.of("checkpoints", "leaseOwner", "leaseUntil",
            "stepStart", "result");

    static RawExecutionItems cutFrom(Map<String, AttributeValue> completed) {
        Map<String, AttributeValue> started = new HashMap<>(completed);
        started.keySet().removeAll(PROCESSOR_ATTRIBUTES);
        List<AttributeValue> history = completed.get("history").l();
        started.put("history", AttributeValue.fromL(history.subList(0, 1)));
        started.put("status", AttributeValue.fromS("STARTED"));
        List<AttributeValue> checkpoints = completed.get("checkpoints").l();
        return new RawExecutionItems(Map.copyOf(started), checkpoints.subList(0, 1),
                checkpoints.subList(1, checkpoints.size()), completed.get("result"), history.get(history.size() - 1));
    }

    Map<String, AttributeValue> startedWithId(String id) {
        Map<String, AttributeValue> item = new HashMap<>(started);
        item.put("id", AttributeValue.fromS(id));
        return item;
    }
}
