package dev.hookline.processor.durable.retry;

import java.time.Duration;

/** Named retry strategies, so a step says what it wants instead of repeating numbers. */
public final class RetryStrategies {

    private RetryStrategies() {
    }

    /** The strategies most steps need. */
    public static final class Presets {

        /** Six runs in all, 5 s after the first failure, doubling up to 60 s, full jitter. */
        public static final RetryStrategy DEFAULT =
                new ExponentialBackoff(6, Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, JitterStrategy.FULL);

        /** One run: the first failure fails the step. */
        public static final RetryStrategy NO_RETRY = (error, attempt) -> RetryDecision.giveUp();

        private Presets() {
        }
    }
}
