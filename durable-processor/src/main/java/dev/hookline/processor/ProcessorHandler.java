package dev.hookline.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.events.Envelope;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.queue.WebhookQueue;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invoked by the SQS event source mapping with a batch of webhooks. Each record is processed on its
 * own; only the records that must be seen again are reported as batch item failures, each with its
 * next delivery scheduled, so one bad record never repeats the rest of its batch.
 */
public final class ProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorHandler.class);

    private final WebhookProcessor processor;
    private final Redelivery redelivery;
    private final int maxReceiveCount;

    public ProcessorHandler() {
        this(FunctionEnvironment.lambda());
    }

    public ProcessorHandler(FunctionEnvironment environment) {
        this(WebhookProcessor.create(environment),
                new Redelivery(environment.clients().sqs(), environment.settings().webhookQueueUrl()),
                environment.settings().maxReceiveCount());
    }

    public ProcessorHandler(WebhookProcessor processor, Redelivery redelivery, int maxReceiveCount) {
        this.processor = processor;
        this.redelivery = redelivery;
        this.maxReceiveCount = maxReceiveCount;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (!processed(message)) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private boolean processed(SQSEvent.SQSMessage message) {
        try {
            Envelope envelope = WebhookQueue.parse(message.getBody());
            RecordOutcome outcome = processor.process(envelope, Delivery.of(message, maxReceiveCount));
            if (outcome instanceof RecordOutcome.RetryLater retry) {
                redelivery.after(message.getReceiptHandle(), retry.delay());
                return false;
            }
            return true;
        } catch (RuntimeException unexpected) {
            LOG.error("message {} could not be processed", message.getMessageId(), unexpected);
            return false;
        }
    }
}
