package dev.hookline.events.store;

import dev.hookline.dynalite.DynaliteServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Test fixture: an executions table of its own for one test class (with the indexes
 * {@value #LISTING_INDEX} and {@value #ATTENTION_INDEX}, as {@code template.yaml} declares them), on the one in-memory dynalite
 * this test JVM shares, and a client that counts the writes it sends, so tests can hold the store
 * to its write budget. Register it as a static {@code @RegisterExtension} field; its table is
 * deleted when the test class is done.
 */
public final class ExecutionsTestTable implements AfterAllCallback {

    /** The listing index, keyed and projected as in {@code template.yaml}. */
    public static final String LISTING_INDEX = IndexKeys.BY_SOURCE;
    /** The sparse index of executions that need attention, as in {@code template.yaml}. */
    public static final String ATTENTION_INDEX = IndexKeys.BY_ATTENTION;

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final String table = "executions-" + TABLES.incrementAndGet();
    private final LongAdder writes = new LongAdder();
    private final DynamoDbClient raw;
    private final DynamoDbClient client;

    public ExecutionsTestTable() {
        raw = SharedEngine.SERVER.newClient();
        raw.createTable(create -> create
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("bySource").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("attention").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("listSort").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder()
                                .indexName(LISTING_INDEX)
                                .keySchema(
                                        KeySchemaElement.builder().attributeName("bySource").keyType(KeyType.HASH).build(),
                                        KeySchemaElement.builder().attributeName("listSort").keyType(KeyType.RANGE).build())
                                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                                .build(),
                        GlobalSecondaryIndex.builder()
                                .indexName(ATTENTION_INDEX)
                                .keySchema(
                                        KeySchemaElement.builder().attributeName("attention").keyType(KeyType.HASH).build(),
                                        KeySchemaElement.builder().attributeName("listSort").keyType(KeyType.RANGE).build())
                                .projection(Projection.builder()
                                        .projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("source")
                                        .build())
                                .build()));
        awaitActive();
        client = WriteCountingClient.wrap(raw, writes);
    }

    // dynalite makes a new table ACTIVE on its next event-loop turn, which a loaded machine can delay
    // past the first request.
    private void awaitActive() {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (raw.describeTable(describe -> describe.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > giveUpAt) {
                throw new IllegalStateException(table + " never became ACTIVE");
            }
            Thread.onSpinWait();
        }
    }

    /** This test class's table name. */
    public String table() {
        return table;
    }

    public DynamoDbClient client() {
        return client;
    }

    public ExecutionStore store() {
        return new ExecutionStore(client, table);
    }

    /** Writes sent through {@link #client()} since the last reset. */
    public int writes() {
        return writes.intValue();
    }

    public void resetWrites() {
        writes.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        raw.deleteTable(delete -> delete.tableName(table));
        raw.close();
    }

    /** The one engine of this test JVM, started when the first test class asks for a table. */
    private static final class SharedEngine {
        static final DynaliteServer SERVER = DynaliteServer.inMemory("127.0.0.1", 0);

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(SERVER::close, "dynalite-stop"));
        }
    }
}
