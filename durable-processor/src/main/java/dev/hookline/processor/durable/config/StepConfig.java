package dev.hookline.processor.durable.config;

import dev.hookline.processor.durable.retry.RetryStrategies;
import dev.hookline.processor.durable.retry.RetryStrategy;
import java.util.Objects;

/**
 * How the engine runs one step: how it retries a failure, how often an attempt may run, and whether
 * running it again could change anything.
 *
 * @param deterministic the step computes its result from its inputs alone and has no side effects,
 *     so a rerun gives the same result: an engine may hold its checkpoint back and write it with the
 *     next write, since a crash in between loses nothing a rerun would not compute again
 */
public record StepConfig(RetryStrategy retryStrategy, StepSemantics semantics, boolean deterministic) {

    /** The default retry preset, at least once per retry. */
    public static final StepConfig DEFAULT =
            new StepConfig(RetryStrategies.Presets.DEFAULT, StepSemantics.AT_LEAST_ONCE_PER_RETRY, false);

    /**
     * A deterministic step, never retried: a failure from the inputs alone would recur on every
     * attempt.
     */
    public static final StepConfig DETERMINISTIC =
            new StepConfig(RetryStrategies.Presets.NO_RETRY, StepSemantics.AT_LEAST_ONCE_PER_RETRY, true);

    public StepConfig {
        Objects.requireNonNull(retryStrategy, "retryStrategy");
        Objects.requireNonNull(semantics, "semantics");
        if (deterministic && semantics == StepSemantics.AT_MOST_ONCE_PER_RETRY) {
            throw new IllegalArgumentException("a deterministic step has no side effect to run at most once");
        }
    }

    public StepConfig withRetryStrategy(RetryStrategy strategy) {
        return new StepConfig(strategy, semantics, deterministic);
    }

    public StepConfig withSemantics(StepSemantics value) {
        return new StepConfig(retryStrategy, value, deterministic);
    }
}
