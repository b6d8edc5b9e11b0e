package dev.hookline.events.queue;

/**
 * SQS requests as SQS bills them, by kind. A send or a receive counts one request per 64 KB chunk
 * begun of its payload, a batch of messages together; every other call counts one.
 *
 * @param emptyReceives receives that returned no message: what idle pollers cost by the hour, not per message
 * @param messagesSent messages sent, one per SendMessage and one per entry of a SendMessageBatch
 * @param sentBytes the sent messages' bodies and attributes, in bytes
 */
public record SqsRequests(long sends, long receives, long emptyReceives, long deletes, long visibilityChanges,
        long other, long messagesSent, long sentBytes) {

    /** Requests that moved or settled messages: every kind but the empty receives. */
    public long billedForMessages() {
        return sends + receives + deletes + visibilityChanges + other;
    }

    public SqsRequests since(SqsRequests earlier) {
        return new SqsRequests(sends - earlier.sends, receives - earlier.receives,
                emptyReceives - earlier.emptyReceives, deletes - earlier.deletes,
                visibilityChanges - earlier.visibilityChanges, other - earlier.other,
                messagesSent - earlier.messagesSent, sentBytes - earlier.sentBytes);
    }
}
