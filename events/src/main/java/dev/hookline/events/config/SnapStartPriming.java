package dev.hookline.events.config;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.http.ApiResponses;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Readies a function for Lambda SnapStart: before the snapshot it goes once through what a first
 * request would otherwise pay for, so every environment restored from the snapshot starts warm; after
 * each restore it reseeds the random generators whose state the snapshot copied into every restored
 * environment.
 *
 * <p>Register it on the Lambda path only, from a handler's no-arg constructor, with {@link #register};
 * the local runtime and tests build handlers from a {@link FunctionEnvironment} of their own and never
 * do. On a JVM without CRaC (locally, in tests, on Lambda without SnapStart) registering does nothing.
 *
 * <p>Before the snapshot it
 * <ul>
 *   <li>round-trips a sample envelope through the queue codec, parses a sample body and writes a sample
 *       execution record as an HTTP answer (the JSON mapper);</li>
 *   <li>issues a token from each generator it reseeds;</li>
 *   <li>reads the record {@value #PRIMING_RECORD_ID} through the store with a consistent {@code GetItem},
 *       which every function's role allows and which finds nothing (record ids have 22 characters): a real
 *       call through the DynamoDB client, its credentials, signer and HTTP connection;</li>
 *   <li>marshals and signs the one SQS call the function makes, if any, and stops it before it is sent:
 *       the roles allow no harmless SQS call (ingest may only send, and a sent message gets processed).</li>
 * </ul>
 * A step that fails is logged at WARN in one line and skipped; priming never fails the snapshot.
 */
public final class SnapStartPriming implements Resource {

    /** The id of the record priming reads; no execution record has it (theirs have 22 characters). */
    public static final String PRIMING_RECORD_ID = "snapstart-priming";

    /** The SQS call a function makes, which its priming marshals and signs but never sends. */
    public enum QueueCall {
        /** No SQS client at all (status, listing). */
        NONE,
        /** {@code SendMessageBatch}, as ingest enqueues; primed with an empty batch. */
        SEND_MESSAGE_BATCH,
        /** {@code ChangeMessageVisibility}, as the processor schedules a retry; primed with a handle of no message. */
        CHANGE_MESSAGE_VISIBILITY
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
    /** Fresh entropy mixed into each generator after a restore: 256 bits. */
    private static final int RESEED_BYTES = 32;
    private static final Instant SAMPLE_TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final ExecutionToken SAMPLE_TOKEN =
            new ExecutionToken("snapstartprimingsample", "snapstartprimingsample");
    /** org.crac holds registered resources only weakly; this keeps each registered priming for the JVM's life. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final FunctionEnvironment environment;
    private final QueueCall queueCall;
    private final List<SecureRandom> generators;

    private SnapStartPriming(FunctionEnvironment environment, QueueCall queueCall, List<SecureRandom> generators) {
        this.environment = environment;
        this.queueCall = queueCall;
        this.generators = generators;
    }

    /**
     * Priming for the function {@code environment} describes, unregistered (tests call its hooks directly).
     *
     * @param generators the generators the function draws secrets from, reseeded after each restore
     */
    public static SnapStartPriming of(FunctionEnvironment environment, QueueCall queueCall, SecureRandom... generators) {
        return new SnapStartPriming(environment, queueCall, List.of(generators));
    }

    /**
     * Registers priming for the function with the JVM's CRaC context and returns {@code environment},
     * so a handler's no-arg constructor can pass it on. Nothing is built or called until the checkpoint.
     */
    public static FunctionEnvironment register(
            FunctionEnvironment environment, QueueCall queueCall, SecureRandom... generators) {
        SnapStartPriming priming = of(environment, queueCall, generators);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
        return environment;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime("JSON", SnapStartPriming::primeJson);
        prime("token", this::primeTokens);
        prime("DynamoDB", this::primeDynamoDb);
        if (queueCall != QueueCall.NONE) {
            prime("SQS", this::primeQueue);
        }
    }

    /**
     * Mixes fresh entropy from the operating system into every generator, so environments restored from
     * one snapshot draw different token secrets. A generator that cannot be reseeded fails the restore:
     * an environment that might repeat another's secrets must not serve.
     */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        for (SecureRandom generator : generators) {
            generator.setSeed(generator.generateSeed(RESEED_BYTES));
        }
    }

    private static void primeJson() {
        String body = "{\"type\":\"order\",\"orderId\":\"A-1001\",\"amount\":42}";
        Envelope envelope = new Envelope(SAMPLE_TOKEN.value(), "priming:" + PRIMING_RECORD_ID, "priming", "order",
                SAMPLE_TIME, "application/json", body);
        WebhookQueue.parse(WebhookQueue.encode(envelope));
        Json.tree(body.getBytes(StandardCharsets.UTF_8));
        ApiResponses.json(200, ExecutionRecord.started(SAMPLE_TOKEN, envelope.idempotencyKey(), envelope.source(),
                envelope.eventType(), SAMPLE_TIME, SAMPLE_TIME, SAMPLE_TIME, "0".repeat(64), null));
    }

    private void primeTokens() {
        generators.forEach(generator -> ExecutionToken.issue(PRIMING_RECORD_ID, generator));
    }

    private void primeDynamoDb() {
        new ExecutionStore(environment.clients().dynamoDb(), environment.settings().executionsTable())
                .find(PRIMING_RECORD_ID);
    }

    private void primeQueue() {
        SqsClient sqs = environment.clients().sqs();
        String queueUrl = environment.settings().webhookQueueUrl();
        try {
            switch (queueCall) {
                case SEND_MESSAGE_BATCH -> sqs.sendMessageBatch(send -> send
                        .queueUrl(queueUrl)
                        .entries(List.of())
                        .overrideConfiguration(NotSent.OVERRIDE));
                case CHANGE_MESSAGE_VISIBILITY -> sqs.changeMessageVisibility(change -> change
                        .queueUrl(queueUrl)
                        .receiptHandle(PRIMING_RECORD_ID)
                        .visibilityTimeout(0)
                        .overrideConfiguration(NotSent.OVERRIDE));
                case NONE -> {
                }
            }
        } catch (NotSent stopped) {
            // Marshalled and signed; nothing left the function.
        }
    }

    private static void prime(String name, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException failed) {
            LOG.warn("SnapStart priming skipped {} ({}); the first request pays for it instead", name, describe(failed));
        }
    }

    /** What failed, without the message: an error code or an exception class, never request content. */
    private static String describe(RuntimeException failed) {
        if (failed instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ", HTTP " + service.statusCode();
        }
        return failed.getClass().getSimpleName();
    }

    /** Stops a priming request after it was marshalled and signed, before it is sent. */
    private static final class NotSent extends RuntimeException {

        private static final ExecutionInterceptor STOP = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(
                    software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                    ExecutionAttributes attributes) {
                throw new NotSent();
            }
        };
        private static final SdkPlugin ADD_STOP = config -> {
            ClientOverrideConfiguration current = config.overrideConfiguration();
            config.overrideConfiguration((current == null ? ClientOverrideConfiguration.builder() : current.toBuilder())
                    .addExecutionInterceptor(STOP)
                    .build());
        };
        static final Consumer<AwsRequestOverrideConfiguration.Builder> OVERRIDE = request -> request.addPlugin(ADD_STOP);

        private NotSent() {
            super("priming request stopped before it was sent", null, false, false);
        }
    }
}
