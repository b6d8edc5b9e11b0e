package dev.hookline.processor;

import java.time.Duration;

/** What to do with one SQS message after processing it. */
public sealed interface RecordOutcome {

    /** Delete the message: the execution is finished or nothing more can be done with it. */
    record Done() implements RecordOutcome {
    }

    /** Report the message as a batch item failure so SQS delivers it again after {@code delay}. */
    record RetryLater(Duration delay) implements RecordOutcome {
    }
}
