package dev.hookline.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Proves that dynalite honours the DynamoDB behaviour Hookline relies on, and pins the two gaps it must absorb. */
class DynamoDbContractTest {

    private static final String TABLE = "contract-executions";
    private static final String INDEX = "ByStatus";
    private static final AtomicInteger IDS = new AtomicInteger();

    private static DynaliteServer server;
    private static DynamoDbClient client;

    @BeforeAll
    static void startEngine() {
        server = DynaliteServer.inMemory("127.0.0.1", 0);
        client = server.newClient();
        client.createTable(executionsTable(TABLE));
    }

    @AfterAll
    static void stopEngine() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aConditionalPutOnAnExistingKeyIsRefused() {
        Map<String, AttributeValue> original = put(Map.of("status", s("RECEIVED"), "token", s("first")));

        assertThatThrownBy(() -> client.putItem(put -> put.tableName(TABLE)
                        .item(with(original, "token", s("second")))
                        .conditionExpression("attribute_not_exists(id)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(get(original.get("id"))).isEqualTo(original);
    }

    @Test
    void aConditionalUpdateIsRefusedWhenItsConditionDoesNotHold() {
        Map<String, AttributeValue> original = put(Map.of("status", s("RECEIVED")));

        assertThatThrownBy(() -> client.updateItem(statusChange(original.get("id"), "RUNNING", "SUCCEEDED").build()))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(get(original.get("id"))).isEqualTo(original);
    }

    @Test
    void aConditionalUpdateIsAppliedWhenItsConditionHoldsAndReturnsAllNewAttributes() {
        Map<String, AttributeValue> original = put(Map.of("status", s("RECEIVED"), "token", s("t")));

        Map<String, AttributeValue> returned = client.updateItem(statusChange(original.get("id"), "RECEIVED", "RUNNING")
                .returnValues(ReturnValue.ALL_NEW).build()).attributes();

        assertThat(returned).isEqualTo(with(original, "status", s("RUNNING")));
        assertThat(get(original.get("id"))).isEqualTo(returned);
    }

    @Test
    void listAppendAppendsToAListInOrder() {
        AttributeValue id = put(Map.of("history", AttributeValue.fromL(List.of()))).get("id");

        for (String entry : List.of("RECEIVED", "RUNNING")) {
            client.updateItem(update -> update.tableName(TABLE).key(Map.of("id", id))
                    .updateExpression("SET #history = list_append(#history, :entry)")
                    .expressionAttributeNames(Map.of("#history", "history"))
                    .expressionAttributeValues(Map.of(":entry", AttributeValue.fromL(List.of(s(entry))))));
        }

        assertThat(get(id).get("history").l()).containsExactly(s("RECEIVED"), s("RUNNING"));
    }

    @Test
    void oneUpdateExpressionCanSetSomeAttributesAndRemoveOthers() {
        AttributeValue id = put(Map.of("status", s("RUNNING"), "error", s("timeout"), "stepStart", s("now"),
                "token", s("kept"))).get("id");

        client.updateItem(update -> update.tableName(TABLE).key(Map.of("id", id))
                .updateExpression("SET #status = :status REMOVE #error, #stepStart")
                .expressionAttributeNames(Map.of("#status", "status", "#error", "error", "#stepStart", "stepStart"))
                .expressionAttributeValues(Map.of(":status", s("SUCCEEDED"))));

        assertThat(get(id)).isEqualTo(Map.of("id", id, "status", s("SUCCEEDED"), "token", s("kept")));
    }

    @Test
    void aConsistentGetReadsItsOwnWriteAndAMissingKeyHasNoItem() {
        Map<String, AttributeValue> written = put(Map.of("status", s("RECEIVED")));

        assertThat(client.getItem(get -> get.tableName(TABLE).key(key(written)).consistentRead(true)).item())
                .isEqualTo(written);
        assertThat(client.getItem(get -> get.tableName(TABLE).key(Map.of("id", s("missing"))).consistentRead(true))
                .hasItem()).isFalse();
    }

    @Test
    void aBackwardIndexQueryPagesNewestFirstWithoutDuplicatesOrGaps() {
        String listKey = "QUEUED#" + IDS.incrementAndGet();
        List<String> all = listed(listKey, 30);
        put(Map.of("listKey", s("OTHER#" + listKey), "listSort", s(all.get(10))));
        List<String> expected = new ArrayList<>(all.subList(2, 27));
        Collections.reverse(expected);

        List<String> paged = new ArrayList<>();
        Map<String, AttributeValue> cursor = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> start = cursor;
            QueryResponse page = client.query(between(listKey, all.get(2), all.get(26), Map.of(), Map.of())
                    .limit(7).exclusiveStartKey(start).build());
            assertThat(page.count()).isEqualTo(pages < 3 ? 7 : 4);
            page.items().forEach(item -> paged.add(item.get("listSort").s()));
            cursor = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void anIndexQueryReturnsOnlyProjectedAttributesAndFiltersOnThem() {
        String listKey = "FAILED#" + IDS.incrementAndGet();
        List<String> all = listed(listKey, 9);

        QueryResponse filtered = client.query(between(listKey, all.get(0), all.get(8),
                        Map.of("#eventType", "eventType"), Map.of(":type", s("push")))
                .filterExpression("#eventType = :type").build());

        assertThat(filtered.items()).extracting(item -> item.get("listSort").s())
                .containsExactly(all.get(6), all.get(3), all.get(0));
        assertThat(filtered.scannedCount()).isEqualTo(9);
        assertThat(filtered.items()).allSatisfy(item -> assertThat(item)
                .containsKeys("id", "listKey", "listSort", "eventType", "status").doesNotContainKey("payload"));
    }

    @Test
    void aRequestToAMissingTableIsAResourceNotFound() {
        assertThatThrownBy(() -> client.getItem(get -> get.tableName("no-such-table").key(Map.of("id", s("x")))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void creatingAnExistingTableIsAResourceInUse() {
        assertThatThrownBy(() -> client.createTable(executionsTable(TABLE)))
                .isInstanceOf(ResourceInUseException.class);
    }

    @Test
    void anInvalidUpdateExpressionIsRefusedWithStatus400() {
        AttributeValue id = put(Map.of("status", s("RECEIVED"))).get("id");

        assertRefusedWith400(() -> client.updateItem(update -> update.tableName(TABLE).key(Map.of("id", id))
                .updateExpression("SET status = = :x")
                .expressionAttributeValues(Map.of(":x", s("y")))));
    }

    @Test
    void anItemOverTheFourHundredKilobyteLimitIsRefusedAndOneUnderItIsStored() {
        assertRefusedWith400(() -> client.putItem(put -> put.tableName(TABLE)
                .item(Map.of("id", s("too-large"), "payload", s("x".repeat(410 * 1024))))));
        assertThat(client.getItem(get -> get.tableName(TABLE).key(Map.of("id", s("too-large")))).hasItem()).isFalse();

        Map<String, AttributeValue> large = put(Map.of("payload", s("y".repeat(300 * 1024))));
        assertThat(get(large.get("id"))).isEqualTo(large);
    }

    @Test
    void engineGapUpdateTimeToLiveIsAnUnknownOperation() {
        DynamoDbException refused = catchThrowableOfType(DynamoDbException.class, () -> client.updateTimeToLive(ttl -> ttl
                .tableName(TABLE)
                .timeToLiveSpecification(spec -> spec.attributeName("expiresAt").enabled(true))));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
    }

    @Test
    void engineGapARefusedConditionalWriteCarriesNoOldItem() {
        Map<String, AttributeValue> original = put(Map.of("status", s("RECEIVED")));

        ConditionalCheckFailedException refused = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> client.putItem(put -> put.tableName(TABLE).item(original)
                        .conditionExpression("attribute_not_exists(id)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

        assertThat(refused).isNotNull();
        assertThat(refused.hasItem() && !refused.item().isEmpty()).isFalse();
    }

    private static CreateTableRequest executionsTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute("id"), stringAttribute("listKey"), stringAttribute("listSort"))
                .keySchema(keyElement("id", KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(INDEX)
                        .keySchema(keyElement("listKey", KeyType.HASH), keyElement("listSort", KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes("token", "source", "eventType", "status", "receivedAt")
                                .build())
                        .build())
                .build();
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement keyElement(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** Puts items {@code 0..count-1} under {@code listKey}, every third one a push, and returns their sort keys in order. */
    private static List<String> listed(String listKey, int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            String sort = "2024-05-01T10:00:%02dZ#%s".formatted(i, listKey);
            put(Map.of("listKey", s(listKey), "listSort", s(sort), "status", s("QUEUED"),
                    "eventType", s(i % 3 == 0 ? "push" : "ping"), "payload", s("body-" + i)));
            return sort;
        }).toList();
    }

    private static QueryRequest.Builder between(String listKey, String from, String to,
            Map<String, String> moreNames, Map<String, AttributeValue> moreValues) {
        Map<String, String> names = new HashMap<>(moreNames);
        names.putAll(Map.of("#listKey", "listKey", "#listSort", "listSort"));
        Map<String, AttributeValue> values = new HashMap<>(moreValues);
        values.putAll(Map.of(":k", s(listKey), ":a", s(from), ":b", s(to)));
        return QueryRequest.builder().tableName(TABLE).indexName(INDEX)
                .keyConditionExpression("#listKey = :k AND #listSort BETWEEN :a AND :b")
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .scanIndexForward(false);
    }

    private static UpdateItemRequest.Builder statusChange(AttributeValue id, String expected, String next) {
        return UpdateItemRequest.builder().tableName(TABLE).key(Map.of("id", id))
                .updateExpression("SET #status = :next")
                .conditionExpression("#status = :expected")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":expected", s(expected), ":next", s(next)));
    }

    private static void assertRefusedWith400(Runnable request) {
        DynamoDbException refused = catchThrowableOfType(DynamoDbException.class, request::run);
        assertThat(refused).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    }

    /** Writes the attributes under a fresh id and returns the whole item as written. */
    private static Map<String, AttributeValue> put(Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = with(attributes, "id", s("execution-" + IDS.incrementAndGet()));
        client.putItem(put -> put.tableName(TABLE).item(item));
        return item;
    }

    private static Map<String, AttributeValue> get(AttributeValue id) {
        return client.getItem(get -> get.tableName(TABLE).key(Map.of("id", id)).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of("id", item.get("id"));
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, AttributeValue value) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put(name, value);
        return Map.copyOf(copy);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
