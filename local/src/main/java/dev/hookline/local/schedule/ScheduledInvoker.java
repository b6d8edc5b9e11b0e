package dev.hookline.local.schedule;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.hookline.local.LocalContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for an EventBridge schedule: invokes a function's handler every interval with an event
 * shaped like EventBridge's scheduled event. A run that fails is logged in one line and the next
 * runs on time, as EventBridge goes on invoking after a failed invocation.
 */
public final class ScheduledInvoker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledInvoker.class);

    private final String functionName;
    private final int timeoutSeconds;
    private final Duration interval;
    private final RequestHandler<Map<String, Object>, ?> handler;
    private final ScheduledExecutorService schedule;

    public ScheduledInvoker(String functionName, int timeoutSeconds, Duration interval,
            RequestHandler<Map<String, Object>, ?> handler) {
        this.functionName = functionName;
        this.timeoutSeconds = timeoutSeconds;
        this.interval = interval;
        this.handler = handler;
        this.schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "schedule-" + functionName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts invoking, the first time one interval from now, as a new EventBridge rule does. */
    public ScheduledInvoker start() {
        schedule.scheduleWithFixedDelay(this::invokeQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** The schedule, for the startup banner. */
    public String describe() {
        return "  every " + interval.toSeconds() + " s -> " + functionName;
    }

    private void invokeQuietly() {
        try {
            handler.handleRequest(Map.of(
                    "source", "aws.events",
                    "detail-type", "Scheduled Event",
                    "time", Instant.now().toString(),
                    "detail", Map.of()), new LocalContext(functionName, timeoutSeconds));
        } catch (RuntimeException failed) {
            LOG.warn("{} failed on its schedule, running again in {} s: {}", functionName, interval.toSeconds(),
                    failed.toString());
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
