package dev.hookline.processor.sdk;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.hookline.events.ExecutionError;
import java.time.Duration;

/**
 * How a step ended on the durable function, kept by the SDK as the step's result so that a replay
 * ends it the same way. Only a retry inside the durable execution's window makes the SDK run the
 * step again; every other ending is a value, so the SDK never fails a step on its own terms.
 *
 * @param attempts the execution's attempts in its round once the step ended, as the record counts them
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
    @JsonSubTypes.Type(value = StepOutcome.Completed.class, name = "completed"),
    @JsonSubTypes.Type(value = StepOutcome.RetryByQueue.class, name = "retryByQueue"),
    @JsonSubTypes.Type(value = StepOutcome.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = StepOutcome.Rejected.class, name = "rejected"),
    @JsonSubTypes.Type(value = StepOutcome.LeaseLost.class, name = "leaseLost"),
    @JsonSubTypes.Type(value = StepOutcome.NotRecorded.class, name = "notRecorded")
})
sealed interface StepOutcome {

    int attempts();

    /** Completed and checkpointed on the record, with its result as JSON. */
    record Completed(String resultJson, int attempts) implements StepOutcome {
    }

    /** Another attempt is due after the durable execution's window: the queue carries the wait. */
    record RetryByQueue(String step, int stepAttempt, Duration delay, ExecutionError error, int attempts)
            implements StepOutcome {
    }

    /** The failure is permanent or the retry strategy gave up: the execution fails. */
    record Failed(String code, String message, int attempts) implements StepOutcome {
    }

    /** The webhook itself is refused. */
    record Rejected(String code, String message, int attempts) implements StepOutcome {
    }

    /** Another processor took the execution over. */
    record LeaseLost(String message, int attempts) implements StepOutcome {
    }

    /** The step's result could not be written to the record, for example while DynamoDB refuses requests. */
    record NotRecorded(String reason, int attempts) implements StepOutcome {
    }
}
