package dev.hookline.local.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.json.Json;
import dev.hookline.local.dlq.DeadLetter;
import dev.hookline.local.dlq.DeadLetterListing;
import dev.hookline.local.dlq.DeadLetterSelection;
import dev.hookline.local.dlq.ReplayReport;
import java.time.Instant;
import java.util.List;

/**
 * The JSON the operator commands print with {@code --json}, and the console's API answers with;
 * absent values are left out, never null.
 */
public final class JsonViews {

    private JsonViews() {
    }

    /** What {@code hookline dlq list --json} prints. */
    public static ObjectNode deadLetterListing(String url, DeadLetterListing listing, Instant now) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("queueUrl", url);
        ObjectNode depth = root.putObject("depth");
        depth.put("visible", listing.depth().visible());
        depth.put("inFlight", listing.depth().inFlight());
        depth.put("total", listing.depth().total());
        ArrayNode messages = root.putArray("messages");
        listing.messages().forEach(letter -> messages.add(deadLetter(letter, now)));
        return root;
    }

    /** What {@code hookline dlq replay --json} prints. */
    public static ObjectNode replayReport(ReplayReport report, DeadLetterSelection selection,
            String deadLetterQueueUrl, String queueUrl, Instant now) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("mode", selection.selectsEverything() ? "all" : "selected");
        root.put("deadLetterQueueUrl", deadLetterQueueUrl);
        root.put("queueUrl", queueUrl);
        root.put("examined", report.examined());
        root.put("replayedCount", report.replayed().size());
        letters(root.putArray("replayed"), report.replayed(), now);
        ArrayNode notFound = root.putArray("tokensNotFound");
        report.tokensNotFound().forEach(notFound::add);
        letters(root.putArray("notSent"), report.notSent(), now);
        letters(root.putArray("notDeleted"), report.notDeleted(), now);
        root.put("notEnvelopesCount", report.notEnvelopes().size());
        letters(root.putArray("notEnvelopes"), report.notEnvelopes(), now);
        return root;
    }

    private static void letters(ArrayNode array, List<DeadLetter> letters, Instant now) {
        letters.forEach(letter -> array.add(deadLetter(letter, now)));
    }

    public static ObjectNode deadLetter(DeadLetter letter, Instant now) {
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
