package dev.hookline.ingest.source;

import java.time.Duration;
import java.util.Objects;

/**
 * How a source's {@code process} step is retried: up to {@code maxAttempts} runs in all, waiting
 * {@code initialDelay × backoffRate^(n-1)} after the n-th failure, capped at {@code maxDelay}, then
 * jittered. The same shape as the processor's exponential backoff, which this maps onto one to one.
 */
public record RetrySettings(int maxAttempts, Duration initialDelay, Duration maxDelay, double backoffRate,
        Jitter jitter) {

    /** The most runs a source may ask for. */
    public static final int MAX_ATTEMPTS = 50;
    /**
     * The longest delay a source may ask for: 12 hours, the most SQS lets a message stay invisible,
     * which is how the checkpoint engine waits between attempts.
     */
    public static final Duration MAX_DELAY = Duration.ofHours(12);

    // The processor's default preset, used for the fields a 'retry:' mapping leaves out.
    static final int DEFAULT_MAX_ATTEMPTS = 6;
    static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(5);
    static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);
    static final double DEFAULT_BACKOFF_RATE = 2.0;
    static final Jitter DEFAULT_JITTER = Jitter.FULL;

    public RetrySettings {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(jitter, "jitter");
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and " + MAX_ATTEMPTS);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || maxDelay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay <= 12 hours");
        }
        if (!(backoffRate >= 1) || Double.isInfinite(backoffRate)) {
            throw new IllegalArgumentException("backoffRate must be a finite number of at least 1");
        }
    }

    /** How much randomness spreads retries out; named as the processor's jitter strategies are. */
    public enum Jitter {
        /** Exactly the computed delay. */
        NONE,
        /** Anywhere between zero and the computed delay. */
        FULL,
        /** Between half the computed delay and all of it. */
        HALF
    }
}
