package dev.hookline.processor.durable.config;

/** How often a step's action may run within one of its attempts. */
public enum StepSemantics {

    /** The default: an attempt interrupted by a crash runs again on redelivery. */
    AT_LEAST_ONCE_PER_RETRY,

    /**
     * The engine records that an attempt started before running it; an attempt interrupted by a
     * crash is not run again but counted as failed, and the retry strategy decides what follows.
     * Costs one more write per attempt.
     */
    AT_MOST_ONCE_PER_RETRY
}
