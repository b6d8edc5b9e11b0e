package dev.hookline.processor.sdk;

import dev.hookline.processor.durable.DurableContext;
import dev.hookline.processor.durable.StepContext;
import dev.hookline.processor.durable.config.StepConfig;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.retry.RetryDecision;
import dev.hookline.processor.durable.retry.RetryStrategy;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.lambda.durable.config.StepSemantics;

/**
 * Our {@link DurableContext} on top of the SDK's, so {@code WebhookWorkflow} runs unchanged on Lambda
 * durable functions: each step becomes an SDK step, and our step config becomes the SDK's.
 */
public final class SdkDurableContext implements DurableContext {

    private final software.amazon.lambda.durable.DurableContext sdk;

    public SdkDurableContext(software.amazon.lambda.durable.DurableContext sdk) {
        this.sdk = sdk;
    }

    @Override
    public <T> T step(String name, Class<T> resultType, Function<StepContext, T> action, StepConfig config) {
        // The SDK passes 1 on a step's first run (its StepContext javadoc still says 0-based); the test pins it.
        return sdk.step(name, resultType, step -> action.apply(new StepContext(name, step.getAttempt())),
                sdkConfig(config));
    }

    static software.amazon.lambda.durable.config.StepConfig sdkConfig(StepConfig config) {
        return software.amazon.lambda.durable.config.StepConfig.builder()
                .retryStrategy(sdkStrategy(config.retryStrategy()))
                .semanticsPerRetry(StepSemantics.valueOf(config.semantics().name()))
                .build();
    }

    /** Ours decides, except that a rejected webhook or a non-retryable failure is never retried. */
    static software.amazon.lambda.durable.retry.RetryStrategy sdkStrategy(RetryStrategy strategy) {
        return (error, attempt) -> {
            if (error instanceof ExecutionRejectedException || error instanceof NonRetryableStepException) {
                return software.amazon.lambda.durable.retry.RetryDecision.fail();
            }
            if (strategy.decide(error, attempt) instanceof RetryDecision.Retry retry) {
                // The SDK schedules in whole seconds and truncates; never let a short delay become 0 s.
                long seconds = Math.max(1, (retry.delay().toMillis() + 999) / 1000);
                return software.amazon.lambda.durable.retry.RetryDecision.retry(Duration.ofSeconds(seconds));
            }
            return software.amazon.lambda.durable.retry.RetryDecision.fail();
        };
    }
}
