package dev.hookline.events.store.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.dynalite.DynaliteServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The meter on dynalite, with a table whose index {@code ByGroup} is keyed by {@code group} and
 * {@code rank} and projects {@code label} but not {@code payload}: every case of DynamoDB's index
 * rules, a refused write, and the table's units against what dynalite itself reports.
 */
class CapacityMeterTest {

    private static final String TABLE = "metered";
    private static final String PAYLOAD_2500 = "p".repeat(2500);

    private static DynaliteServer server;
    private static DynamoDbClient engine;

    private CapacityMeter meter;
    private DynamoDbClient client;
    private MeteredCapacity before;

    @BeforeAll
    static void createTable() {
        server = DynaliteServer.inMemory("127.0.0.1", 0);
        engine = server.newClient();
        engine.createTable(create -> create
                .tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute("id"), stringAttribute("group"), stringAttribute("rank"))
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("ByGroup")
                        .keySchema(KeySchemaElement.builder().attributeName("group").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("rank").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes("label").build())
                        .build()));
        while (engine.describeTable(describe -> describe.tableName(TABLE)).table().tableStatus() != TableStatus.ACTIVE) {
            Thread.onSpinWait();
        }
    }

    @AfterAll
    static void stop() {
        engine.close();
        server.close();
    }

    @BeforeEach
    void newMeter() {
        meter = new CapacityMeter(engine);
        client = meter.client();
        before = meter.totals();
    }

    @Test
    void aPutIntoTheIndexCostsTheTableItsWholeSizeAndTheIndexOnlyItsProjection() {
        client.putItem(put -> put.tableName(TABLE).item(item("put", "a", "1", "short", PAYLOAD_2500)));

        MeteredCapacity counted = counted();
        assertThat(counted.writes()).isEqualTo(1);
        assertThat(counted.tableWriteUnits()).isEqualTo(3);
        assertThat(counted.indexWriteUnits()).isEqualTo(1);
        assertThat(counted.reportedTableWriteUnits()).isEqualTo(3);
        assertThat(counted.writesReportedDifferently()).isZero();
    }

    @Test
    void aLargeProjectedAttributeCostsTheIndexPerKilobyte() {
        client.putItem(put -> put.tableName(TABLE).item(item("large-label", "a", "1", "l".repeat(1500), "x")));

        assertThat(counted().indexWriteUnits()).isEqualTo(2);
    }

    @Test
    void changingTheIndexKeyIsADeleteAndAPut() {
        engine.putItem(put -> put.tableName(TABLE).item(item("moved", "a", "1", "short", "x")));

        client.updateItem(update -> update.tableName(TABLE).key(key("moved"))
                .updateExpression("SET #g = :g").expressionAttributeNames(Map.of("#g", "group"))
                .expressionAttributeValues(Map.of(":g", text("b"))));

        assertThat(counted().indexWriteUnits()).isEqualTo(2);
        assertThat(counted().tableWriteUnits()).isEqualTo(1);
    }

    @Test
    void changingOnlyAProjectedAttributeIsOneWriteOfTheProjection() {
        engine.putItem(put -> put.tableName(TABLE).item(item("relabelled", "a", "1", "short", PAYLOAD_2500)));

        client.updateItem(update -> update.tableName(TABLE).key(key("relabelled"))
                .updateExpression("SET label = :l").expressionAttributeValues(Map.of(":l", text("other"))));

        assertThat(counted().indexWriteUnits()).isEqualTo(1);
        assertThat(counted().tableWriteUnits()).isEqualTo(3);
    }

    @Test
    void changingOnlyAnAttributeTheIndexDoesNotProjectCostsTheIndexNothing() {
        engine.putItem(put -> put.tableName(TABLE).item(item("untouched", "a", "1", "short", "x")));

        client.updateItem(update -> update.tableName(TABLE).key(key("untouched"))
                .updateExpression("SET payload = :p").expressionAttributeValues(Map.of(":p", text(PAYLOAD_2500))));

        assertThat(counted().indexWriteUnits()).isZero();
        assertThat(counted().tableWriteUnits()).isEqualTo(3);
        assertThat(counted().writesReportedDifferently()).isZero();
    }

    @Test
    void removingTheIndexKeyOrTheItemIsOneDeleteFromTheIndex() {
        engine.putItem(put -> put.tableName(TABLE).item(item("unkeyed", "a", "1", "l".repeat(1500), "x")));
        engine.putItem(put -> put.tableName(TABLE).item(item("deleted", "a", "2", "l".repeat(1500), PAYLOAD_2500)));

        client.updateItem(update -> update.tableName(TABLE).key(key("unkeyed"))
                .updateExpression("REMOVE #g").expressionAttributeNames(Map.of("#g", "group")));
        assertThat(counted().indexWriteUnits()).isEqualTo(1);

        client.deleteItem(delete -> delete.tableName(TABLE).key(key("deleted")));
        assertThat(counted().indexWriteUnits()).isEqualTo(2);
        assertThat(counted().tableWriteUnits()).isEqualTo(2 + 4);
    }

    @Test
    void aWriteToAnItemOutsideTheIndexCostsTheIndexNothing() {
        client.putItem(put -> put.tableName(TABLE).item(Map.of("id", text("outside"), "payload", text("x"))));

        assertThat(counted().indexWriteUnits()).isZero();
        assertThat(counted().tableWriteUnits()).isEqualTo(1);
    }

    @Test
    void aRefusedConditionalWriteIsBilledByTheExistingItemsSize() {
        engine.putItem(put -> put.tableName(TABLE).item(item("refused", "a", "1", "short", PAYLOAD_2500)));

        assertThatThrownBy(() -> client.putItem(put -> put.tableName(TABLE)
                .item(item("refused", "b", "2", "other", "x"))
                .conditionExpression("attribute_not_exists(id)")))
                .isInstanceOf(ConditionalCheckFailedException.class);

        MeteredCapacity counted = counted();
        assertThat(counted.writes()).isEqualTo(1);
        assertThat(counted.refusedWrites()).isEqualTo(1);
        assertThat(counted.tableWriteUnits()).isEqualTo(3);
        assertThat(counted.indexWriteUnits()).isZero();
        assertThat(engine.getItem(get -> get.tableName(TABLE).key(key("refused"))).item().get("group"))
                .isEqualTo(text("a"));
    }

    @Test
    void readsTakeTheUnitsTheEngineReports() {
        engine.putItem(put -> put.tableName(TABLE).item(item("read", "a", "1", "short", "p".repeat(5000))));

        client.getItem(get -> get.tableName(TABLE).key(key("read")).consistentRead(true));
        client.getItem(get -> get.tableName(TABLE).key(key("read")));

        assertThat(counted().reads()).isEqualTo(2);
        assertThat(counted().readUnits()).isEqualTo(2 + 1);
        assertThat(counted().writes()).isZero();
    }

    @Test
    void aPaginatorsPagesAreMeteredReads() {
        engine.putItem(put -> put.tableName(TABLE).item(item("paged", "a", "1", "short", "x")));

        long items = client.scanPaginator(scan -> scan.tableName(TABLE)).items().stream().count();

        assertThat(items).isPositive();
        assertThat(counted().reads()).isEqualTo(1);
        assertThat(counted().readUnits()).isPositive();
    }

    private MeteredCapacity counted() {
        return meter.totals().since(before);
    }

    private static Map<String, AttributeValue> item(String id, String group, String rank, String label, String payload) {
        return Map.of("id", text(id), "group", text(group), "rank", text(rank), "label", text(label),
                "payload", text(payload));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", text(id));
    }

    private static AttributeValue text(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}
