package dev.hookline.processor;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.events.ExecutionRecord;
import java.time.Instant;
import java.util.Map;

/**
 * One delivery of a webhook's message, as the event source mapping reports it: how many times SQS
 * has handed it out and when it was sent, against how many receives the redrive policy allows.
 */
public record Delivery(String messageId, int receiveCount, Instant sentAt, int maxReceiveCount) {

    public static Delivery of(SQSEvent.SQSMessage message, int maxReceiveCount) {
        return of(message.getMessageId(), message.getAttributes(), maxReceiveCount);
    }

    /** @param attributes the message's system attributes as the event source mapping sends them, or null */
    public static Delivery of(String messageId, Map<String, String> attributes, int maxReceiveCount) {
        Map<String, String> known = attributes == null ? Map.of() : attributes;
        return new Delivery(messageId,
                Integer.parseInt(known.getOrDefault("ApproximateReceiveCount", "1")),
                Instant.ofEpochMilli(Long.parseLong(known.getOrDefault("SentTimestamp", "0"))),
                maxReceiveCount);
    }

    /** The message's first receive: as ingest sent it, or as a replay moved it back. */
    public boolean isFirstReceive() {
        return receiveCount <= 1;
    }

    /** After this receive the redrive policy moves the message to the dead-letter queue. */
    public boolean isLastAllowedReceive() {
        return receiveCount >= maxReceiveCount;
    }

    /**
     * Whether this message came back after its execution failed (a replay from the dead-letter
     * queue, by Hookline or by SQS's own redrive) rather than being the failed delivery itself on its
     * way there. A moved or re-sent message starts its receive count again and is sent anew.
     */
    public boolean isReplayOf(ExecutionRecord failed) {
        return isFirstReceive() || sentAt.isAfter(failed.lastUpdated());
    }
}
