package dev.hookline.processor.durable;

import java.util.function.Function;

/**
 * What a workflow is written against: named steps whose results are checkpointed, so a step that
 * completed is replayed from its checkpoint instead of running again. Shaped like the AWS durable
 * execution SDK's {@code DurableContext}, so the same workflow runs on either engine.
 */
public interface DurableContext {

    <T> T step(String name, Class<T> resultType, Function<StepContext, T> action);
}
