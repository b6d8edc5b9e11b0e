package dev.hookline.processor.claim;

import dev.hookline.events.ExecutionRecord;
import java.time.Instant;

/** What the processor may do with a delivered execution. */
public sealed interface ClaimOutcome {

    /** This processor holds the lease and may run the workflow. */
    record Claimed(ExecutionRecord record, String leaseOwner) implements ClaimOutcome {
    }

    /** Already finished (completed or rejected): acknowledge the message and do nothing. */
    record Finished(ExecutionRecord record) implements ClaimOutcome {
    }

    /**
     * Failed in its current round, and this delivery is the failed message itself: it must reach
     * the dead-letter queue, so it goes back to the queue until the redrive policy moves it.
     */
    record DeadLettering(ExecutionRecord record) implements ClaimOutcome {
    }

    /** Another processor holds a live lease: return the message to the queue. */
    record Busy(Instant leaseUntil) implements ClaimOutcome {
    }

    /** No record exists for the message, which ingest never produces. */
    record Missing() implements ClaimOutcome {
    }
}
