package dev.hookline.events;

import java.time.Instant;

/**
 * What ingest puts on the queue for one accepted webhook: enough for the processor to run the
 * workflow without reading the request again.
 *
 * @param body the request body exactly as received, decoded as UTF-8
 */
public record Envelope(
        String executionToken,
        String idempotencyKey,
        String source,
        String eventType,
        Instant receivedAt,
        String contentType,
        String body) {

    /** The envelope of a recorded execution, with its body as ingest received it. */
    public static Envelope of(ExecutionRecord record, StoredBody body) {
        return new Envelope(record.token().value(), record.idempotencyKey(), record.source(), record.eventType(),
                record.receivedAt(), body.contentType(), body.body());
    }

    public ExecutionToken token() {
        return ExecutionToken.parse(executionToken)
                .orElseThrow(() -> new IllegalArgumentException("envelope carries a malformed token"));
    }
}
