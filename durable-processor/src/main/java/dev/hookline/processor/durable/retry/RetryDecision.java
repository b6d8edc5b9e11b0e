package dev.hookline.processor.durable.retry;

import java.time.Duration;

/** What a {@link RetryStrategy} decided after an attempt failed. */
public sealed interface RetryDecision {

    /** Run the step again once {@code delay} has passed. */
    record Retry(Duration delay) implements RetryDecision {
    }

    /** Stop: the step, and so the execution, has failed. */
    record GiveUp() implements RetryDecision {
    }

    static RetryDecision retryAfter(Duration delay) {
        return new Retry(delay);
    }

    static RetryDecision giveUp() {
        return new GiveUp();
    }
}
