package dev.hookline.processor.sdk;

import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.processor.ExecutionContext;
import dev.hookline.processor.ExecutionEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.lambda.durable.DurableContext;
import software.amazon.lambda.durable.config.StepConfig;
import software.amazon.lambda.durable.retry.RetryStrategies;

/**
 * One delivery's work on a Lambda durable function: every write to the execution record is an SDK
 * step, so the code that replays after a suspension returns what the write returned instead of
 * writing again.
 */
final class SdkEngine implements ExecutionEngine {

    /** A record write is a conditional write: repeating it would be refused, so it is never retried here. */
    private static final StepConfig WRITE_ONCE =
            StepConfig.builder().retryStrategy(RetryStrategies.Presets.NO_RETRY).build();

    private final DurableContext sdk;
    private final ExecutionStore store;
    private final Map<String, ExecutionStatus> statusAfterStep;
    private final Clock clock;
    private final Duration retryWindow;

    /** @param retryWindow how long after its claim an execution may still wait for a retry in the SDK */
    SdkEngine(DurableContext sdk, ExecutionStore store, Map<String, ExecutionStatus> statusAfterStep, Clock clock,
            Duration retryWindow) {
        this.sdk = sdk;
        this.store = store;
        this.statusAfterStep = statusAfterStep;
        this.clock = clock;
        this.retryWindow = retryWindow;
    }

    @Override
    public <T> T once(String name, Class<T> resultType, Supplier<T> write) {
        return sdk.step(name, resultType, step -> write.get(), WRITE_ONCE);
    }

    @Override
    public ExecutionContext contextFor(ExecutionRecord claimed, String leaseOwner) {
        return new SdkExecutionContext(sdk, store, claimed, leaseOwner, statusAfterStep, clock,
                claimed.lastUpdated().plus(retryWindow));
    }
}
