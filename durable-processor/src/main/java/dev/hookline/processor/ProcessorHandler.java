package dev.hookline.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.events.Envelope;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.queue.WebhookQueue;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invoked by the SQS event source mapping with a batch of webhooks. Each record is processed on its
 * own; only the records that must be seen again are reported as batch item failures, so one bad
 * record never repeats the rest of its batch.
 */
public final class ProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorHandler.class);

    private final WebhookProcessor processor;

    public ProcessorHandler() {
        this(FunctionEnvironment.lambda());
    }

    public ProcessorHandler(FunctionEnvironment environment) {
        this(WebhookProcessor.create(environment));
    }

    public ProcessorHandler(WebhookProcessor processor) {
        this.processor = processor;
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
            return processor.process(envelope) instanceof RecordOutcome.Done;
        } catch (RuntimeException unexpected) {
            LOG.error("message {} could not be processed", message.getMessageId(), unexpected);
            return false;
        }
    }
}
