package dev.hookline.processor.sdk;

import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.SnapStartPriming.QueueCall;
import dev.hookline.events.config.SnapStartPriming;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.telemetry.LambdaLogging;
import dev.hookline.processor.Delivery;
import dev.hookline.processor.RecordOutcome;
import dev.hookline.processor.Redelivery;
import dev.hookline.processor.WebhookProcessor;
import dev.hookline.processor.workflow.WebhookWorkflow;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.durable.DurableConfig;
import software.amazon.lambda.durable.DurableContext;
import software.amazon.lambda.durable.DurableFuture;
import software.amazon.lambda.durable.DurableHandler;
import software.amazon.lambda.durable.TypeToken;
import software.amazon.lambda.durable.serde.JacksonSerDes;

/**
 * The processor as a Lambda durable function, invoked by the SQS event source mapping with a batch:
 * each record is claimed, run and ended by the same {@link WebhookProcessor} as on the checkpoint
 * engine, in a child context of its own so the records run side by side, and the records that must
 * be seen again come back as partial batch failures with their next delivery scheduled.
 *
 * <p>The mapping gives no idempotency (every delivery starts a new durable execution); the execution
 * record and its claim do, exactly as on the checkpoint engine.
 */
public class DurableWebhookHandler extends DurableHandler<SqsBatch, BatchResponse> {

    /**
     * How long after its claim an execution may still wait for a retry in the SDK. The mapping's
     * durable execution must end within 15 minutes (ExecutionTimeout 900 s in the template); this
     * leaves two for the attempt and the steps after it. A retry due later goes back to the queue.
     */
    static final Duration RETRY_WINDOW = Duration.ofMinutes(13);

    private static final Logger LOG = LoggerFactory.getLogger(DurableWebhookHandler.class);

    private final WebhookProcessor processor;
    private final ExecutionStore store;
    private final Redelivery redelivery;
    private final int maxReceiveCount;
    private final Clock clock;
    private final Duration retryWindow;

    /** On Lambda: primed for SnapStart. */
    public DurableWebhookHandler() {
        this(SnapStartPriming.register(FunctionEnvironment.lambda(), QueueCall.CHANGE_MESSAGE_VISIBILITY));
    }

    public DurableWebhookHandler(FunctionEnvironment environment) {
        this(environment, new ExecutionStore(environment.clients().dynamoDb(),
                environment.settings().executionsTable()), Clock.systemUTC());
    }

    private DurableWebhookHandler(FunctionEnvironment environment, ExecutionStore store, Clock clock) {
        this(WebhookProcessor.create(environment, store, clock), store,
                new Redelivery(environment.clients().sqs(), environment.settings().webhookQueueUrl()),
                environment.settings().maxReceiveCount(), clock, RETRY_WINDOW);
    }

    /** @param retryWindow how long after its claim an execution may still wait for a retry in the SDK */
    public DurableWebhookHandler(WebhookProcessor processor, ExecutionStore store, Redelivery redelivery,
            int maxReceiveCount, Clock clock, Duration retryWindow) {
        // Explicit input type, so a subclass (a test's, with an in-memory client) keeps it.
        super(TypeToken.get(SqsBatch.class));
        this.processor = processor;
        this.store = store;
        this.redelivery = redelivery;
        this.maxReceiveCount = maxReceiveCount;
        this.clock = clock;
        this.retryWindow = retryWindow;
    }

    /** The SDK's default client, which talks to Lambda; a test overrides this with an in-memory one. */
    @Override
    protected DurableConfig createConfiguration() {
        return settings(DurableConfig.builder()).build();
    }

    /** Keeps step results with the project's JSON codec, the one the checkpoint engine writes with. */
    protected static DurableConfig.Builder settings(DurableConfig.Builder builder) {
        return builder.withSerDes(new JacksonSerDes(Json.mapper()));
    }

    @Override
    public BatchResponse handleRequest(SqsBatch batch, DurableContext context) {
        return LambdaLogging.around(context.getLambdaContext(), () -> process(batch, context));
    }

    private BatchResponse process(SqsBatch batch, DurableContext context) {
        List<DurableFuture<RecordOutcome>> outcomes = new ArrayList<>();
        for (SqsBatch.Message message : batch.records()) {
            outcomes.add(context.runInChildContextAsync(message.messageId(), RecordOutcome.class,
                    child -> processed(message, child)));
        }
        List<BatchResponse.ItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            SqsBatch.Message message = batch.records().get(i);
            if (outcomes.get(i).get() instanceof RecordOutcome.RetryLater retry) {
                redelivery.after(message.receiptHandle(), retry.delay());
                failures.add(new BatchResponse.ItemFailure(message.messageId()));
            }
        }
        return new BatchResponse(failures);
    }

    private RecordOutcome processed(SqsBatch.Message message, DurableContext child) {
        try {
            return processor.processMessage(message.body(),
                    Delivery.of(message.messageId(), message.attributes(), maxReceiveCount),
                    new SdkEngine(child, store, WebhookWorkflow.STATUS_AFTER_STEP, clock, retryWindow));
        } catch (RuntimeException unexpected) {
            LOG.error("message {} could not be processed", message.messageId(), unexpected);
            return new RecordOutcome.RetryLater(WebhookProcessor.INFRASTRUCTURE_RETRY);
        }
    }
}
