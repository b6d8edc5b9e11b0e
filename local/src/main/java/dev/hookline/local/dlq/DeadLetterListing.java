package dev.hookline.local.dlq;

import java.util.List;

/**
 * What {@code hookline dlq list} shows: the queue's depth and the messages read from it, newest failure
 * first. Fewer messages than the depth means the listing was limited or some were in flight.
 */
public record DeadLetterListing(QueueDepth depth, List<DeadLetter> messages) {

    public DeadLetterListing {
        messages = List.copyOf(messages);
    }
}
