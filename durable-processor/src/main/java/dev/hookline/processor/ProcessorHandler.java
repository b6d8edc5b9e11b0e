package dev.hookline.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.config.SnapStartPriming.QueueCall;
import dev.hookline.events.config.SnapStartPriming;
import dev.hookline.events.telemetry.LambdaLogging;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invoked by the SQS event source mapping with a batch of webhooks. The records of a batch are
 * processed up to {@code HOOKLINE_BATCH_PARALLELISM} at a time, so ten slow forwards take as long as
 * one and fit the function's timeout; only the records that must be seen again are reported as batch
 * item failures, each with its next delivery scheduled, so one bad record never repeats the rest of
 * its batch.
 */
public final class ProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorHandler.class);
    private final ExecutorService workers;
    private final WebhookProcessor processor;
    private final Redelivery redelivery;
    private final int maxReceiveCount;

    /** On Lambda: primed for SnapStart. */
    public ProcessorHandler() {
        this(SnapStartPriming.register(FunctionEnvironment.lambda(), QueueCall.CHANGE_MESSAGE_VISIBILITY));
    }

    public ProcessorHandler(FunctionEnvironment environment) {
        this(WebhookProcessor.create(environment),
                new Redelivery(environment.clients().sqs(), environment.settings().webhookQueueUrl()),
                environment.settings().maxReceiveCount(), environment.settings().batchParallelism());
    }

    /** @param parallelism how many records of a batch are processed at once */
    public ProcessorHandler(WebhookProcessor processor, Redelivery redelivery, int maxReceiveCount, int parallelism) {
        this.workers = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "processor-record");
            thread.setDaemon(true);
            return thread;
        });
        this.processor = processor;
        this.redelivery = redelivery;
        this.maxReceiveCount = maxReceiveCount;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return LambdaLogging.around(context, () -> process(event));
    }

    private SQSBatchResponse process(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event.getRecords();
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (SQSEvent.SQSMessage message : records) {
            outcomes.add(workers.submit(LambdaLogging.carryingFields(() -> processed(message))));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (!succeeded(outcomes.get(i))) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(records.get(i).getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private static boolean succeeded(Future<Boolean> outcome) {
        try {
            return outcome.get();
        } catch (ExecutionException unexpected) {
            LOG.error("a record could not be processed", unexpected.getCause());
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean processed(SQSEvent.SQSMessage message) {
        try {
            RecordOutcome outcome = processor.processMessage(message.getBody(), Delivery.of(message, maxReceiveCount));
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
