package dev.hookline.status;

import dev.hookline.events.ExecutionToken;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.store.ExecutionStore;
import java.util.Optional;

/** Looks up an execution by the token its sender holds. */
public final class StatusService {

    private final ExecutionStore store;

    public StatusService(ExecutionStore store) {
        this.store = store;
    }

    public static StatusService create(FunctionEnvironment environment) {
        return new StatusService(
                new ExecutionStore(environment.clients().dynamoDb(), environment.settings().executionsTable()));
    }

    /**
     * The execution, or empty when no execution has this token; the secret part must match too, and a
     * wrong secret costs the same work as a delivery id that was never received.
     */
    public Optional<ExecutionView> find(ExecutionToken token) {
        return store.findByToken(token).map(ExecutionView::of);
    }
}
