package dev.hookline.processor.durable.retry;

import java.util.concurrent.ThreadLocalRandom;

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

    double apply(double delaySeconds) {
        return switch (this) {
            case NONE -> delaySeconds;
            case FULL -> ThreadLocalRandom.current().nextDouble() * delaySeconds;
            case HALF -> delaySeconds / 2 + ThreadLocalRandom.current().nextDouble() * delaySeconds / 2;
        };
    }
}
