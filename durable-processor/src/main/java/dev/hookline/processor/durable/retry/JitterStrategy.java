package dev.hookline.processor.durable.retry;

import java.security.SecureRandom;

/**
 * How much randomness spreads out retries, so webhooks that failed together (a target's outage)
 * do not all come back at the same second.
 */
public enum JitterStrategy {

    /** Exactly the computed delay. */
    NONE,
    /** Anywhere between zero and the computed delay. */
    FULL,
    /** Between half the computed delay and all of it. */
    HALF;

    /**
     * Not {@code ThreadLocalRandom}: its seeds come from a JVM-wide seeder that a SnapStart snapshot
     * copies into every environment restored from it, which would then draw the same jitter and send
     * their retries back together. The default {@code SecureRandom} mixes in fresh system entropy.
     */
    private static final SecureRandom SPREAD = new SecureRandom();

    double apply(double delaySeconds) {
        return switch (this) {
            case NONE -> delaySeconds;
            case FULL -> SPREAD.nextDouble() * delaySeconds;
            case HALF -> delaySeconds / 2 + SPREAD.nextDouble() * delaySeconds / 2;
        };
    }
}
