package dev.hookline.processor.checkpoint;

import dev.hookline.events.Checkpoint;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.Advance;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.processor.durable.DurableContext;
import dev.hookline.processor.durable.NonDeterministicExecutionException;
import dev.hookline.processor.durable.StepContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The checkpoint engine's {@link DurableContext} for one claimed execution. Checkpoints live on the
 * execution record: a step already checkpointed returns its stored result; a new step runs and its
 * result is written together with the status it leads to, in one conditional write.
 */
public final class CheckpointContext implements DurableContext {

    private final ExecutionStore store;
    private final ExecutionRecord record;
    private final String leaseOwner;
    private final Map<String, ExecutionStatus> statusAfterStep;
    private final Clock clock;
    private final List<Checkpoint> replayed;
    private int position;

    /**
     * @param statusAfterStep the status each step name leads to once it completed; a terminal
     *     status ends the execution and stores that step's result as the execution's result
     */
    public CheckpointContext(ExecutionStore store, ExecutionRecord record, String leaseOwner,
            Map<String, ExecutionStatus> statusAfterStep, Clock clock) {
        this.store = store;
        this.record = record;
        this.leaseOwner = leaseOwner;
        this.statusAfterStep = Map.copyOf(statusAfterStep);
        this.clock = clock;
        this.replayed = record.checkpoints();
    }

    @Override
    public <T> T step(String name, Class<T> resultType, Function<StepContext, T> action) {
        int index = position++;
        if (index < replayed.size()) {
            Checkpoint checkpoint = replayed.get(index);
            if (!checkpoint.step().equals(name)) {
                throw new NonDeterministicExecutionException(index, checkpoint.step(), name);
            }
            return Json.read(checkpoint.result(), resultType);
        }
        ExecutionStatus next = statusAfterStep.get(name);
        if (next == null) {
            throw new IllegalArgumentException("step '" + name + "' has no status to lead to");
        }
        T result = action.apply(new StepContext(name, record.attempts()));
        String json = Json.write(result);
        Instant now = clock.instant();
        Advance advance = Advance.to(record.recordId(), leaseOwner, record.round(), record.attempts(), next, now)
                .withCheckpoint(new Checkpoint(name, json, now));
        store.advance(next.isTerminal() ? advance.withResult(json) : advance);
        return result;
    }
}
