package dev.hookline.processor.claim;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.hookline.events.ExecutionRecord;
import java.time.Instant;

/**
 * What the processor may do with a delivered execution. A durable function keeps it as JSON, to
 * return again when it replays, hence the type names.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClaimOutcome.Claimed.class, name = "claimed"),
    @JsonSubTypes.Type(value = ClaimOutcome.Finished.class, name = "finished"),
    @JsonSubTypes.Type(value = ClaimOutcome.DeadLettering.class, name = "deadLettering"),
    @JsonSubTypes.Type(value = ClaimOutcome.Busy.class, name = "busy"),
    @JsonSubTypes.Type(value = ClaimOutcome.Missing.class, name = "missing")
})
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
