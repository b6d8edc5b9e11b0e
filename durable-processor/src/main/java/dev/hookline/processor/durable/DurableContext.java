package dev.hookline.processor.durable;

import dev.hookline.processor.durable.config.StepConfig;
import java.util.function.Function;

/**
 * What a workflow is written against: named steps whose results are checkpointed, so a step that
 * completed is replayed from its checkpoint instead of running again, and a step that fails is
 * retried by its {@link StepConfig}'s strategy. Shaped like the AWS durable execution SDK's
 * {@code DurableContext}, so the same workflow runs on either engine.
 */
public interface DurableContext {

    <T> T step(String name, Class<T> resultType, Function<StepContext, T> action, StepConfig config);

    default <T> T step(String name, Class<T> resultType, Function<StepContext, T> action) {
        return step(name, resultType, action, StepConfig.DEFAULT);
    }
}
