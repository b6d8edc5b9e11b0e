package dev.hookline.processor;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;

/** What to do with one SQS message after processing it; a durable function keeps it as JSON. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
    @JsonSubTypes.Type(value = RecordOutcome.Done.class, name = "done"),
    @JsonSubTypes.Type(value = RecordOutcome.RetryLater.class, name = "retryLater")
})
public sealed interface RecordOutcome {

    /** Delete the message: the execution is finished or nothing more can be done with it. */
    record Done() implements RecordOutcome {
    }

    /** Report the message as a batch item failure so SQS delivers it again after {@code delay}. */
    record RetryLater(Duration delay) implements RecordOutcome {
    }
}
