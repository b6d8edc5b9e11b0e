package dev.hookline.processor.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.telemetry.LambdaLogging;
import java.util.Map;

/**
 * Invoked on a schedule (EventBridge, {@code ReconcilerFunction} in template.yaml; a timer in the
 * local runtime): one {@link Reconciler} pass. The scheduled event carries nothing it needs, so it
 * is read as a plain map rather than a typed event that would pull in joda-time.
 */
public final class ReconcilerHandler implements RequestHandler<Map<String, Object>, ReconcileReport>, AutoCloseable {

    private final Reconciler reconciler;

    /** On Lambda. */
    public ReconcilerHandler() {
        this(FunctionEnvironment.lambda());
    }

    public ReconcilerHandler(FunctionEnvironment environment) {
        this(Reconciler.create(environment));
    }

    public ReconcilerHandler(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public ReconcileReport handleRequest(Map<String, Object> scheduledEvent, Context context) {
        return LambdaLogging.around(context, reconciler::reconcile);
    }

    @Override
    public void close() {
        reconciler.close();
    }
}
