package dev.hookline.events.queue;

import dev.hookline.events.Envelope;
import dev.hookline.events.json.Json;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS queue that buffers accepted webhooks between ingest and the processor. */
public final class WebhookQueue implements AutoCloseable {

    /** Batches in flight at once; enough to keep SQS busy during a burst on two cores. */
    private static final int CONCURRENT_BATCHES = 1;

    private final BatchingSender sender;

    public WebhookQueue(SqsClient sqs, String queueUrl) {
        this.sender = new BatchingSender(sqs, queueUrl, CONCURRENT_BATCHES);
    }

    /** Sends one envelope and returns once SQS has it; throws the reason when SQS does not take it. */
    public void send(Envelope envelope) {
        sender.send(encode(envelope));
    }

    /** The message body {@link #send} puts on the queue for an envelope; {@link #parse} reads it back. */
    public static String encode(Envelope envelope) {
        return Json.write(envelope);
    }

    public static Envelope parse(String messageBody) {
        return Json.read(messageBody, Envelope.class);
    }

    @Override
    public void close() {
        sender.close();
    }
}
