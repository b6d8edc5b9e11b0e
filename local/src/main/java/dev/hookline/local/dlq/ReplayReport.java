package dev.hookline.local.dlq;

import java.util.List;
import java.util.Set;

/**
 * What a selective replay did: the messages it sent back to the webhook queue (and deleted from the
 * dead-letter queue), how many it looked at, the requested tokens it did not find, and the messages it
 * could not move, which stay in the dead-letter queue.
 *
 * @param notDeleted messages sent back whose deletion from the dead-letter queue failed: they are on
 *     both queues now, which the processor tolerates (it dedupes by the execution record)
 */
public record ReplayReport(
        List<DeadLetter> replayed,
        int examined,
        Set<String> tokensNotFound,
        List<DeadLetter> notSent,
        List<DeadLetter> notDeleted) {

    public ReplayReport {
        replayed = List.copyOf(replayed);
        tokensNotFound = Set.copyOf(tokensNotFound);
        notSent = List.copyOf(notSent);
        notDeleted = List.copyOf(notDeleted);
    }

    /** Every selected message was moved and every requested token was found. */
    public boolean isComplete() {
        return tokensNotFound.isEmpty() && notSent.isEmpty();
    }
}
