package dev.hookline.processor.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.json.Json;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;

/**
 * Reads a webhook's body, as the envelope carries it (decoded as UTF-8), into the JSON the steps
 * work on. A body that does not read is refused for good: the same text reads the same way on every
 * delivery, so no retry could help.
 *
 * <p>Ingest refuses what would not read here (a byte-order mark, UTF-16 or UTF-32, bytes that are
 * not UTF-8, a duplicate member name), but messages queued before it did, or by another producer,
 * may still carry such a body. The reasons name the likely cause and where parsing stopped, never
 * the body's content, because they are shown on the status API.
 */
final class Payload {

    /** The error code of a body that is not JSON. */
    static final String MALFORMED = "malformed_payload";

    private static final char REPLACEMENT = '\uFFFD';

    private Payload() {
    }

    /** @throws ExecutionRejectedException {@value #MALFORMED}, saying why, when the body is not JSON */
    static JsonNode parse(String body) {
        try {
            return Json.tree(body);
        } catch (Json.MalformedJsonException malformed) {
            throw rejected(reason(body, malformed));
        }
    }

    private static String reason(String body, Json.MalformedJsonException malformed) {
        // Bytes that were not UTF-8, decoded into the envelope before ingest refused them, became U+FFFD:
        // valid JSON text, so it explains only a failure the parser found.
        if (malformed.position().isPresent() && body.indexOf(REPLACEMENT) >= 0) {
            return "the body is not valid UTF-8, so not JSON either; JSON must be sent as UTF-8 (RFC 8259, section 8.1)";
        }
        return malformed.withoutInput();
    }

    private static ExecutionRejectedException rejected(String reason) {
        return new ExecutionRejectedException(MALFORMED, reason);
    }
}
