package dev.hookline.processor;

import dev.hookline.processor.durable.DurableContext;

/** The workflow's context for one claimed execution, as an engine runs it. */
public interface ExecutionContext extends DurableContext {

    /** The execution's attempts in its current round so far, as the record counts them. */
    int attempts();
}
