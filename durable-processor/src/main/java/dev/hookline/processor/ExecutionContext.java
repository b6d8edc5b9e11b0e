package dev.hookline.processor;

import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.store.StaleWriteException;
import dev.hookline.processor.durable.DurableContext;
import java.time.Duration;

/**
 * The workflow's context for one claimed execution, as an engine runs it, and the writes that end
 * the delivery's work on it: an engine may hold step results back to write them with a later write.
 */
public interface ExecutionContext extends DurableContext {

    /** The execution's round: 1, then one more on each replay. */
    int round();

    /** The execution's attempts in its current round so far, as the record counts them. */
    int attempts();

    /** Writes what the engine still holds back; called once the workflow has returned. */
    void flush();

    /**
     * Ends the execution in {@code status} with {@code error}, with what the engine still holds back.
     *
     * @throws StaleWriteException when another processor has taken the execution over
     */
    void end(ExecutionStatus status, ExecutionError error);

    /**
     * Ends this attempt after a failure: records why and keeps the execution from every processor
     * until the next attempt is due, {@code delay} from now.
     */
    void postpone(ExecutionError error, Duration delay);
}
