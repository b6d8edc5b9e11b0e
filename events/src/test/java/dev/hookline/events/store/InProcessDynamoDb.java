package dev.hookline.events.store;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
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

/**
 * Test fixture: an in-memory DynamoDB Local with the executions table (with the listing index
 * {@value #LISTING_INDEX}, as {@code template.yaml} declares it), and a client that counts the
 * writes it sends, so tests can hold the store to its write budget. Register it as a static
 * {@code @RegisterExtension} field; it stops when the test class is done.
 */
public final class InProcessDynamoDb implements AfterAllCallback {

    public static final String TABLE = "executions";
    /** The listing index, keyed and projected as in {@code template.yaml}. */
    public static final String LISTING_INDEX = "ByStatus";

    private final AmazonDynamoDBLocal database = DynamoDBEmbedded.create(null, true);
    private final LongAdder writes = new LongAdder();
    private final DynamoDbClient client;

    public InProcessDynamoDb() {
        DynamoDbClient raw = database.dynamoDbClient();
        raw.createTable(create -> create
                .tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("listKey").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("listSort").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(LISTING_INDEX)
                        .keySchema(
                                KeySchemaElement.builder().attributeName("listKey").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("listSort").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes("token", "source", "eventType", "status", "round", "attempts",
                                        "receivedAt", "lastUpdated", "error")
                                .build())
                        .build()));
        client = WriteCountingClient.wrap(raw, writes);
    }

    public DynamoDbClient client() {
        return client;
    }

    public ExecutionStore store() {
        return new ExecutionStore(client, TABLE);
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
        database.shutdownNow();
    }
}
