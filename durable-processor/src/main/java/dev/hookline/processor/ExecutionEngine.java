package dev.hookline.processor;

import dev.hookline.events.ExecutionRecord;
import java.util.function.Supplier;

/**
 * What runs one delivery's work: the checkpoint engine runs it as it comes, a Lambda durable
 * function replays its code after every suspension and must not repeat the writes it already made.
 */
public interface ExecutionEngine {

    /**
     * Makes one write to the execution record (a claim, a final status, a postponed attempt) exactly
     * once for this delivery, however often the code around it runs again.
     *
     * @param name unique within the delivery
     * @param resultType what the write returns; an engine that replays keeps it to return again
     */
    <T> T once(String name, Class<T> resultType, Supplier<T> write);

    /** The context the workflow's steps run in, for the execution this delivery has claimed. */
    ExecutionContext contextFor(ExecutionRecord claimed, String leaseOwner);
}
