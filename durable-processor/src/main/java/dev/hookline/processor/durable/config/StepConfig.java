package dev.hookline.processor.durable.config;

import dev.hookline.processor.durable.retry.RetryStrategies;
import dev.hookline.processor.durable.retry.RetryStrategy;
import java.util.Objects;

/** How the engine runs one step: how it retries a failure, and how often an attempt may run. */
public record StepConfig(RetryStrategy retryStrategy, StepSemantics semantics) {

    /** The default retry preset, at least once per retry. */
    public static final StepConfig DEFAULT =
            new StepConfig(RetryStrategies.Presets.DEFAULT, StepSemantics.AT_LEAST_ONCE_PER_RETRY);

    public StepConfig {
        Objects.requireNonNull(retryStrategy, "retryStrategy");
        Objects.requireNonNull(semantics, "semantics");
    }

    public StepConfig withRetryStrategy(RetryStrategy strategy) {
        return new StepConfig(strategy, semantics);
    }

    public StepConfig withSemantics(StepSemantics value) {
        return new StepConfig(retryStrategy, value);
    }
}
