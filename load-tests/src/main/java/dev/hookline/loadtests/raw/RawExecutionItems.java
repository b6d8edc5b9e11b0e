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
 * step that appends the remaining checkpoints and completes it. Each moves the listing index's key,
 * as Hookline's writes do.
 */
record RawExecutionItems(Map<String, AttributeValue> started, List<AttributeValue> firstCheckpoint,
        List<AttributeValue> laterCheckpoints, AttributeValue historyEntry) {

    private static final Set<String> PROCESSOR_ATTRIBUTES = Set.of("checkpoints", "leaseOwner", "leaseUntil",
            "stepStart", "result");

    static RawExecutionItems cutFrom(Map<String, AttributeValue> completed) {
        Map<String, AttributeValue> started = new HashMap<>(completed);
        started.keySet().removeAll(PROCESSOR_ATTRIBUTES);
        List<AttributeValue> history = completed.get("history").l();
        started.put("history", AttributeValue.fromL(history.subList(0, 1)));
        started.put("status", AttributeValue.fromS("STARTED"));
        started.put("listKey", AttributeValue.fromS(listKey(completed, "STARTED")));
        List<AttributeValue> checkpoints = completed.get("checkpoints").l();
        return new RawExecutionItems(Map.copyOf(started), checkpoints.subList(0, 1),
                checkpoints.subList(1, checkpoints.size()), history.get(history.size() - 1));
    }

    Map<String, AttributeValue> startedWithId(String id) {
        Map<String, AttributeValue> item = new HashMap<>(started);
        item.put("id", AttributeValue.fromS(id));
        return item;
    }

    /** The listing index's partition key for {@code status}, on the sample's shard. */
    String listKey(String status) {
        return listKey(started, status);
    }

    private static String listKey(Map<String, AttributeValue> item, String status) {
        String key = item.get("listKey").s();
        return status + key.substring(key.indexOf('#'));
    }
}
