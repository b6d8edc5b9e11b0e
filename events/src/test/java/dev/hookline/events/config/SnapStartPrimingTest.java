package dev.hookline.events.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.hookline.events.config.SnapStartPriming.QueueCall;
import dev.hookline.events.store.ExecutionsTestTable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

class SnapStartPrimingTest {

    private static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/hookline-webhooks";

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();

    private final List<GetItemRequest> reads = new CopyOnWriteArrayList<>();
    private final RecordingSqs sqs = new RecordingSqs();

    @Test
    void beforeTheSnapshotItReadsTheRecordNoExecutionHasWithOneConsistentGetItemAndWritesNothing() {
        dynamoDb.resetWrites();

        SnapStartPriming.of(environment(readRecording(dynamoDb.client())), QueueCall.NONE).beforeCheckpoint(null);

        assertThat(reads).singleElement().satisfies(read -> {
            assertThat(read.tableName()).isEqualTo(dynamoDb.table());
            assertThat(read.key()).isEqualTo(Map.of("id", AttributeValue.fromS(SnapStartPriming.PRIMING_RECORD_ID)));
            assertThat(read.consistentRead()).isTrue();
        });
        assertThat(dynamoDb.writes()).isZero();
        assertThat(dynamoDb.store().find(SnapStartPriming.PRIMING_RECORD_ID)).isEmpty();
    }

    @Test
    void ingestsPrimingMarshalsAndSignsAnEmptyBatchAndSendsNothing() {
        SnapStartPriming.of(environment(dynamoDb.client()), QueueCall.SEND_MESSAGE_BATCH).beforeCheckpoint(null);

        assertThat(sqs.signed).singleElement().isInstanceOfSatisfying(SendMessageBatchRequest.class, batch -> {
            assertThat(batch.queueUrl()).isEqualTo(QUEUE_URL);
            assertThat(batch.entries()).isEmpty();
        });
        assertThat(sqs.transmitted).hasValue(0);
    }

    @Test
    void theProcessorsPrimingMarshalsAndSignsAVisibilityChangeOfNoMessageAndSendsNothing() {
        SnapStartPriming.of(environment(dynamoDb.client()), QueueCall.CHANGE_MESSAGE_VISIBILITY)
                .beforeCheckpoint(null);

        assertThat(sqs.signed).singleElement().isInstanceOfSatisfying(ChangeMessageVisibilityRequest.class,
                change -> {
                    assertThat(change.queueUrl()).isEqualTo(QUEUE_URL);
                    assertThat(change.receiptHandle()).isEqualTo(SnapStartPriming.PRIMING_RECORD_ID);
                });
        assertThat(sqs.transmitted).hasValue(0);
    }

    @Test
    void aFunctionWithoutAQueueNeverBuildsAnSqsClient() {
        AtomicInteger sqsRequested = new AtomicInteger();
        AwsClients clients = new AwsClients() {
            @Override
            public DynamoDbClient dynamoDb() {
                return dynamoDb.client();
            }

            @Override
            public SqsClient sqs() {
                sqsRequested.incrementAndGet();
                return sqs.client;
            }
        };

        SnapStartPriming.of(environment(clients), QueueCall.NONE).beforeCheckpoint(null);

        assertThat(sqsRequested).hasValue(0);
    }

    @Test
    void aRefusedReadDoesNotFailTheSnapshotAndTheQueueIsStillPrimed() {
        DynamoDbClient refusing = failing(DynamoDbException.builder()
                .message("User: arn:aws:sts::123456789012:assumed-role/x is not authorized to perform: dynamodb:GetItem")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build())
                .statusCode(400)
                .build());

        try (CapturedWarnings warnings = new CapturedWarnings()) {
            assertThatCode(() -> SnapStartPriming.of(environment(refusing), QueueCall.SEND_MESSAGE_BATCH)
                    .beforeCheckpoint(null)).doesNotThrowAnyException();

            assertThat(warnings.lines).singleElement().asString()
                    .contains("DynamoDB", "AccessDeniedException")
                    .doesNotContain("arn:aws", "\n");
            assertThat(warnings.withThrowable).hasValue(0);
        }
        assertThat(sqs.signed).singleElement().isInstanceOf(SendMessageBatchRequest.class);
    }

    @Test
    void missingClientsDoNotFailTheSnapshot() {
        FunctionEnvironment nothing = new FunctionEnvironment(Map.of(), AwsClients.of(null, null));

        assertThatCode(() -> SnapStartPriming.of(nothing, QueueCall.CHANGE_MESSAGE_VISIBILITY).beforeCheckpoint(null))
                .doesNotThrowAnyException();
    }

    @Test
    void registeringCallsNothingBeforeTheCheckpoint() {
        FunctionEnvironment environment = environment(readRecording(dynamoDb.client()));

        assertThat(SnapStartPriming.register(environment, QueueCall.SEND_MESSAGE_BATCH)).isSameAs(environment);

        assertThat(reads).isEmpty();
        assertThat(sqs.signed).isEmpty();
    }

    @Test
    void generatorsTheSnapshotCopiedDrawDifferentSecretsOnceRestored() throws NoSuchAlgorithmException {
        assertThat(next(copiedBySnapshot())).isEqualTo(next(copiedBySnapshot()));
        SecureRandom inOneEnvironment = copiedBySnapshot();
        SecureRandom inAnother = copiedBySnapshot();
        FunctionEnvironment environment = environment(dynamoDb.client());

        SnapStartPriming.of(environment, QueueCall.NONE, inOneEnvironment).afterRestore(null);
        SnapStartPriming.of(environment, QueueCall.NONE, inAnother).afterRestore(null);

        assertThat(next(inOneEnvironment)).isNotEqualTo(next(inAnother));
    }

    /**
     * A generator whose whole state is on the heap, in the same state in every environment restored from
     * one snapshot: SHA1PRNG with a fixed seed stands in for it (as a DRBG would be).
     */
    private static SecureRandom copiedBySnapshot() throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed("the state the snapshot holds".getBytes(StandardCharsets.UTF_8));
        return random;
    }

    private static byte[] next(SecureRandom random) {
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        return secret;
    }

    private FunctionEnvironment environment(DynamoDbClient client) {
        return environment(AwsClients.of(client, sqs.client));
    }

    private static FunctionEnvironment environment(AwsClients clients) {
        return new FunctionEnvironment(Map.of(
                HooklineSettings.EXECUTIONS_TABLE, dynamoDb.table(),
                HooklineSettings.WEBHOOK_QUEUE_URL, QUEUE_URL), clients);
    }

    /** The client, recording every {@code GetItem} it is asked for. */
    private DynamoDbClient readRecording(DynamoDbClient client) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getItem") && args[0] instanceof Consumer<?> mutation) {
                        @SuppressWarnings("unchecked")
                        GetItemRequest read = GetItemRequest.builder()
                                .applyMutation((Consumer<GetItemRequest.Builder>) mutation).build();
                        reads.add(read);
                        return client.getItem(read);
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static DynamoDbClient failing(RuntimeException failure) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    throw failure;
                });
    }

    /**
     * A real SQS client that records each request it signed, over an HTTP client that counts what it
     * was given to send (and sends nothing).
     */
    private static final class RecordingSqs {
        final List<SdkRequest> signed = new CopyOnWriteArrayList<>();
        final AtomicInteger transmitted = new AtomicInteger();
        final SqsClient client = SqsClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .httpClient(new SdkHttpClient() {
                    @Override
                    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                        transmitted.incrementAndGet();
                        throw new IllegalStateException("priming must not send anything");
                    }

                    @Override
                    public void close() {
                    }
                })
                .overrideConfiguration(override -> override.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        if (context.httpRequest().firstMatchingHeader("Authorization").isPresent()) {
                            signed.add(context.request());
                        }
                    }
                }))
                .build();
    }

    /** The priming's WARN lines while open. */
    private static final class CapturedWarnings extends AbstractAppender implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final AtomicInteger withThrowable = new AtomicInteger();
        private final Logger logger = (Logger) LogManager.getLogger(SnapStartPriming.class);

        CapturedWarnings() {
            super("captured-warnings", null, null, true, Property.EMPTY_ARRAY);
            start();
            logger.addAppender(this);
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
                lines.add(event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    withThrowable.incrementAndGet();
                }
            }
        }

        @Override
        public void close() {
            logger.removeAppender(this);
            stop();
        }
    }
}
