package dev.hookline.local.poller;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.local.LocalContext;
import dev.hookline.local.template.SqsTrigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Stands in for Lambda's SQS event source mapping: long-polls the queue, gathers batches up to the
 * batch size or the batching window, invokes the function with {@code maximumConcurrency} batches
 * at most in flight, and deletes what succeeded. With {@code ReportBatchItemFailures} only the
 * reported records stay on the queue; a thrown error, or a response naming a record that was not in
 * the batch, leaves the whole batch to come back after its visibility timeout, as on AWS.
 */
public final class SqsEventSourcePoller implements AutoCloseable {

    private static final Duration DISABLED_CHECK = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourcePoller.class);
    private static final int MAX_MESSAGES_PER_RECEIVE = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final SqsTrigger trigger;
    private final String functionName;
    private final int timeoutSeconds;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final int waitTimeSeconds;
    private final ExecutorService workers;
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean running;
    private volatile boolean disabled;

    /**
     * @param waitTimeSeconds long-poll wait; Lambda uses 20, a shorter wait lets the poller stop sooner
     */
    public SqsEventSourcePoller(SqsClient sqs, String queueUrl, String queueArn, SqsTrigger trigger,
            String functionName, int timeoutSeconds, RequestHandler<SQSEvent, SQSBatchResponse> handler,
            int waitTimeSeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.trigger = trigger;
        this.functionName = functionName;
        this.timeoutSeconds = timeoutSeconds;
        this.handler = handler;
        this.waitTimeSeconds = waitTimeSeconds;
        this.workers = Executors.newFixedThreadPool(trigger.maximumConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "esm-" + functionName);
            thread.setDaemon(true);
            return thread;
        });
    }

    public SqsEventSourcePoller start() {
        running = true;
        for (int i = 0; i < trigger.maximumConcurrency(); i++) {
            workers.submit(this::pollUntilStopped);
        }
        return this;
    }

    /** Records deleted after success, and records left on the queue, so far. */
    public long[] recordCounts() {
        return new long[] {succeeded.sum(), failed.sum()};
    }

    @Override
    public void close() {
        running = false;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(waitTimeSeconds + timeoutSeconds + 1L, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops handing messages to the function until {@link #enable}, as disabling an event source
     * mapping does; a receive already waiting may still deliver one batch.
     */
    public void disable() {
        disabled = true;
    }

    public void enable() {
        disabled = false;
    }

    private void pollUntilStopped() {
        while (running) {
            if (disabled) {
                sleepQuietly(DISABLED_CHECK);
                continue;
            }
            try {
                List<Message> batch = receiveBatch();
                if (!batch.isEmpty()) {
                    invoke(batch);
                }
            } catch (RuntimeException failure) {
                if (running) {
                    LOG.warn("polling {} failed: {}", queueUrl, failure.toString());
                    sleepQuietly(Duration.ofSeconds(1));
                }
            }
        }
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(trigger.maximumBatchingWindowSeconds());
        do {
            int wanted = Math.min(MAX_MESSAGES_PER_RECEIVE, trigger.batchSize() - batch.size());
            long remainingWindow = TimeUnit.NANOSECONDS.toSeconds(windowEnds - System.nanoTime());
            int wait = batch.isEmpty() ? waitTimeSeconds : (int) Math.max(0, Math.min(waitTimeSeconds, remainingWindow));
            List<Message> received = sqs.receiveMessage(receive -> receive
                    .queueUrl(queueUrl)
                    .maxNumberOfMessages(wanted)
                    .waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            batch.addAll(received);
            if (received.isEmpty() && !batch.isEmpty() && System.nanoTime() >= windowEnds) {
                break;
            }
        } while (running && batch.size() < trigger.batchSize() && System.nanoTime() < windowEnds);
        return batch;
    }

    private void invoke(List<Message> batch) {
        Set<String> retained;
        try {
            SQSBatchResponse response = handler.handleRequest(event(batch), new LocalContext(functionName, timeoutSeconds));
            retained = retainedMessageIds(batch, response);
        } catch (RuntimeException failure) {
            LOG.error("{} failed a batch of {}; it will be redelivered", functionName, batch.size(), failure);
            retained = allIds(batch);
        }
        List<DeleteMessageBatchRequestEntry> deletions = new ArrayList<>();
        for (Message message : batch) {
            if (!retained.contains(message.messageId())) {
                deletions.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(deletions.size()))
                        .receiptHandle(message.receiptHandle())
                        .build());
            }
        }
        for (int from = 0; from < deletions.size(); from += MAX_MESSAGES_PER_RECEIVE) {
            List<DeleteMessageBatchRequestEntry> chunk =
                    deletions.subList(from, Math.min(deletions.size(), from + MAX_MESSAGES_PER_RECEIVE));
            sqs.deleteMessageBatch(delete -> delete.queueUrl(queueUrl).entries(chunk));
        }
        succeeded.add(deletions.size());
        failed.add(retained.size());
    }

    private Set<String> retainedMessageIds(List<Message> batch, SQSBatchResponse response) {
        if (!trigger.reportBatchItemFailures() || response == null || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> inBatch = allIds(batch);
        Set<String> retained = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure.getItemIdentifier();
            if (id == null || !inBatch.contains(id)) {
                LOG.error("{} reported an unknown item identifier; the whole batch is retried", functionName);
                return inBatch;
            }
            retained.add(id);
        }
        return retained;
    }

    private static Set<String> allIds(List<Message> batch) {
        Set<String> ids = new HashSet<>();
        batch.forEach(message -> ids.add(message.messageId()));
        return ids;
    }

    private SQSEvent event(List<Message> batch) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            record.setMessageAttributes(Map.of());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion("us-east-1");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
