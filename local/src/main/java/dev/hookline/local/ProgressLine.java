package dev.hookline.local;

import dev.hookline.local.poller.SqsEventSourcePoller;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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

    private String summary() {
        long[] responses = runtime.gateway().responseCounts();
        long processed = 0;
        long retried = 0;
        for (SqsEventSourcePoller poller : runtime.pollers()) {
            long[] records = poller.recordCounts();
            processed += records[0];
            retried += records[1];
        }
        return "http 2xx " + responses[0] + " · 4xx " + responses[1] + " · 5xx " + responses[2]
                + " | processed " + processed + " · retried " + retried
                + " | ddb writes " + runtime.dynamoDbWrites()
                + " | queue " + depth("WebhookQueue") + " · dlq " + depth("WebhookDeadLetterQueue");
    }

    private String depth(String queue) {
        Map<QueueAttributeName, String> attributes = runtime.clients().sqs().getQueueAttributes(get -> get
                .queueUrl(runtime.resources().queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + "+"
                + attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) + " in flight";
    }
}
