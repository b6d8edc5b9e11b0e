package dev.hookline.events.queue;

import dev.hookline.events.Envelope;
import dev.hookline.events.json.Json;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS queue that buffers accepted webhooks between ingest and the processor. */
public final class WebhookQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public WebhookQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Sends one envelope; throws the SDK's exception when SQS does not take it. */
    public void send(Envelope envelope) {
        sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(Json.write(envelope)));
    }

    public static Envelope parse(String messageBody) {
        return Json.read(messageBody, Envelope.class);
    }
}
