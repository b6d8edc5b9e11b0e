package dev.hookline.local;

import dev.hookline.events.telemetry.HooklineMetric;
import dev.hookline.local.dlq.QueueDepth;
import dev.hookline.local.metrics.PrometheusTelemetry;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The live one-line summary {@code hookline serve} keeps at the bottom of its console. */
public final class ProgressLine implements AutoCloseable {

    private final LocalRuntime runtime;
    private final PrintStream out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hookline-progress");
        thread.setDaemon(true);
        return thread;
    });
    private String last = "";

    public ProgressLine(LocalRuntime runtime, PrintStream out) {
        this.runtime = runtime;
        this.out = out;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::print, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void print() {
        try {
            String line = summary();
            if (!line.equals(last)) {
                out.print("\r" + line + "   ");
                out.flush();
                last = line;
            }
        } catch (RuntimeException stopping) {
            timer.shutdown();
        }
    }

    /**
     * The gateway's answers by status class, then executions as their lifecycle events counted them
     * (one webhook that fails three rounds is one failure and its retries), then the queues' depths.
     */
    String summary() {
        long[] responses = runtime.gateway().responseCounts();
        PrometheusTelemetry metrics = runtime.metrics();
        return "http 2xx " + responses[0] + " · 4xx " + responses[1] + " · 5xx " + responses[2]
                + " | accepted " + metrics.total(HooklineMetric.WEBHOOKS_ACCEPTED)
                + " · completed " + metrics.total(HooklineMetric.EXECUTIONS_COMPLETED)
                + " · rejected " + metrics.total(HooklineMetric.EXECUTIONS_REJECTED)
                + " · failed " + metrics.total(HooklineMetric.EXECUTIONS_FAILED)
                + " · retries " + metrics.total(HooklineMetric.STEP_RETRIES)
                + " · replayed " + metrics.total(HooklineMetric.EXECUTIONS_REPLAYED)
                + " | queue " + depth("WebhookQueue") + " · dlq " + depth("WebhookDeadLetterQueue");
    }

    /** Messages waiting or in flight: a message a function is working on is still in the queue. */
    private long depth(String queue) {
        return QueueDepth.of(runtime.clients().sqs(), runtime.resources().queueUrl(queue)).total();
    }
}
