package dev.hookline.local.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.json.Json;
import dev.hookline.local.dlq.DeadLetter;
import java.time.Instant;

/** The JSON the operator commands print with {@code --json}; absent values are left out, never null. */
final class JsonViews {

    private JsonViews() {
    }

    static ObjectNode deadLetter(DeadLetter letter, Instant now) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("messageId", letter.messageId());
        node.put("readable", letter.isReadable());
        // Only an envelope is ever sent back; the rest stays in the dead-letter queue.
        node.put("replayable", letter.isReadable());
        putIfPresent(node, "executionToken", letter.executionToken());
        putIfPresent(node, "source", letter.source());
        putIfPresent(node, "type", letter.eventType());
        putIfPresent(node, "status", letter.status() == null ? null : letter.status().name());
        if (letter.status() != null) {
            node.put("round", letter.round());
            node.put("attempts", letter.attempts());
        }
        putIfPresent(node, "receivedAt", letter.receivedAt());
        putIfPresent(node, "failedAt", letter.failedAt());
        letter.age(now).ifPresent(age -> node.put("ageSeconds", age.getSeconds()));
        error(node, letter.error());
        return node;
    }

    static void error(ObjectNode node, ExecutionError error) {
        if (error != null) {
            ObjectNode value = node.putObject("error");
            putIfPresent(value, "code", error.code());
            putIfPresent(value, "message", error.message());
        }
    }

    static void putIfPresent(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }
}
