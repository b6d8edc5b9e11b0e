package dev.hookline.local.dlq;

import java.util.List;
import java.util.Set;

/**
 * What a replay did: the messages it sent back to the webhook queue (and deleted from the dead-letter
 * queue), how many it looked at, the requested tokens it did not find, and the messages it could not
 * move or would not, which stay in the dead-letter queue.
 *
 * @param notDeleted messages sent back whose deletion from the dead-letter queue failed: they are on
 *     both queues now, which the processor tolerates (it dedupes by the execution record)
 * @param notEnvelopes messages whose body is not a Hookline envelope: no replay sends them back, as
 *     the processor could only fail them again
 */
public record ReplayReport(
        List<DeadLetter> replayed,
        int examined,
        Set<String> tokensNotFound,
        List<DeadLetter> notSent,
        List<DeadLetter> notDeleted,
        List<DeadLetter> notEnvelopes) {

    public ReplayReport {
        replayed = List.copyOf(replayed);
        tokensNotFound = Set.copyOf(tokensNotFound);
        notSent = List.copyOf(notSent);
        notDeleted = List.copyOf(notDeleted);
        notEnvelopes = List.copyOf(notEnvelopes);
    }

    /**
     * Every selected message was moved and every requested token was found. Messages that are not
     * envelopes do not count against it: leaving them is what a replay is meant to do.
     */
    public boolean isComplete() {
        return tokensNotFound.isEmpty() && notSent.isEmpty();
    }
}
