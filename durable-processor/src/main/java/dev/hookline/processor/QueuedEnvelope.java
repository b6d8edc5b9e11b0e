package dev.hookline.processor;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.WebhookQueue;

/**
 * A queue message read back into the envelope ingest sent, or the reason it is not one. The reasons
 * say where reading stopped and never quote the message, which holds a webhook's body.
 */
sealed interface QueuedEnvelope {

    /** An envelope with what the processor needs: a well-formed token, a source and a body. */
    record Readable(Envelope envelope) implements QueuedEnvelope {
    }

    record Unreadable(String reason) implements QueuedEnvelope {
    }

    static QueuedEnvelope read(String messageBody) {
        if (messageBody == null || messageBody.isBlank()) {
            return new Unreadable("the message is empty");
        }
        Envelope envelope;
        try {
            envelope = WebhookQueue.parse(messageBody);
        } catch (Json.MalformedJsonException malformed) {
            return new Unreadable("the message is not an envelope's JSON"
                    + malformed.position().map(at -> " (reading stopped at " + at + ")").orElse(""));
        }
        if (envelope == null) {
            return new Unreadable("the message is JSON null");
        }
        if (ExecutionToken.parse(envelope.executionToken()).isEmpty()) {
            return new Unreadable("the envelope has no well-formed executionToken");
        }
        if (envelope.source() == null) {
            return new Unreadable("the envelope names no source");
        }
        if (envelope.body() == null) {
            return new Unreadable("the envelope carries no body");
        }
        return new Readable(envelope);
    }
}
