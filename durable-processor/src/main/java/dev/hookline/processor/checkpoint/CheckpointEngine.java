package dev.hookline.processor.checkpoint;

import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.Lease;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.processor.ExecutionContext;
import dev.hookline.processor.ExecutionEngine;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The project's own engine: every delivery runs once from the top, so writes happen as they come and
 * the steps replay from the checkpoints on the execution record.
 */
public final class CheckpointEngine implements ExecutionEngine {

    private final ExecutionStore store;
    private final Map<String, ExecutionStatus> statusAfterStep;
    private final Clock clock;

    public CheckpointEngine(ExecutionStore store, Map<String, ExecutionStatus> statusAfterStep, Clock clock) {
        this.store = store;
        this.statusAfterStep = Map.copyOf(statusAfterStep);
        this.clock = clock;
    }

    @Override
    public <T> T once(String name, Class<T> resultType, Supplier<T> write) {
        return write.get();
    }

    @Override
    public ExecutionContext contextFor(ExecutionRecord claimed, String leaseOwner) {
        return new CheckpointContext(store, claimed, leaseOwner, statusAfterStep, clock);
    }

    /**
     * The context for a first delivery, which claims the execution with its first write.
     *
     * @throws FirstClaimRefusedException from the context's writes when the record was touched
     */
    public ExecutionContext contextForUntouched(String recordId, Lease lease) {
        return CheckpointContext.untouched(store, recordId, lease, statusAfterStep, clock);
    }
}
