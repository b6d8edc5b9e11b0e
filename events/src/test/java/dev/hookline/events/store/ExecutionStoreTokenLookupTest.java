package dev.hookline.events.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Finding a record by the token a client holds: a wrong secret and a delivery id that was never
 * received answer alike and cost the same work, so the status API is no oracle for which delivery ids
 * exist. (That the work takes the same time is measured, not asserted: no timing in unit tests.)
 */
class ExecutionStoreTokenLookupTest {

    private static final Instant RECEIVED = Instant.parse("2026-06-01T12:00:00.250Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private final List<Read> reads = new ArrayList<>();
    private final ExecutionStore store = new ExecutionStore(recording(dynamoDb.client(), reads), dynamoDb.table());
    private final StoredExecutions executions = new StoredExecutions(dynamoDb.store());

    @Test
    void aRecordIsFoundByItsOwnTokenAndNeitherByAnotherSecretNorWhenItDoesNotExist() {
        ExecutionRecord completed = executions.moveTo(executions.started("github", "order", RECEIVED),
                ExecutionStatus.COMPLETED);

        assertThat(store.findByToken(completed.token())).contains(completed);
        assertThat(store.findByToken(otherSecret(completed))).isEmpty();
        assertThat(store.findByToken(neverReceived())).isEmpty();
    }

    @Test
    void aWrongSecretAndAMissingRecordEachCostOneReadThatReturnsTheTokenAtMost() {
        ExecutionRecord stored = executions.moveTo(executions.started("stripe", "invoice.paid", RECEIVED),
                ExecutionStatus.FAILED);

        store.findByToken(otherSecret(stored));
        store.findByToken(neverReceived());

        assertThat(reads).hasSize(2).allSatisfy(read -> {
            assertThat(read.request().projectionExpression()).isEqualTo("#token");
            assertThat(read.request().expressionAttributeNames()).isEqualTo(Map.of("#token", "token"));
            assertThat(read.request().consistentRead()).isTrue();
        });
        assertThat(reads.get(0).response().item()).containsOnlyKeys("token");
        assertThat(reads.get(1).response().item()).isEmpty();
    }

    @Test
    void onlyTheRightTokenReadsTheWholeRecord() {
        ExecutionRecord stored = executions.started("github", "order", RECEIVED, "{\"orderId\":\"A-1\"}");

        assertThat(store.findByToken(stored.token())).isEqualTo(dynamoDb.store().find(stored.recordId()));

        assertThat(reads).hasSize(2);
        assertThat(reads.get(1).request().projectionExpression()).isNull();
        assertThat(reads.get(1).response().item()).containsKeys("history", "payload");
    }

    @Test
    void aRecordThatCannotBeConvertedAnswersEmptyToAWrongSecretAndFailsLoudlyForItsOwnToken() {
        // A record with nothing but its key and token: converting it throws, so a lookup that converted
        // before comparing the secret would throw for a wrong secret too.
        ExecutionToken token = ExecutionToken.issue("corrupt:" + RANDOM.nextLong(), RANDOM);
        dynamoDb.client().putItem(put -> put.tableName(dynamoDb.table()).item(Map.of(
                "id", AttributeValue.fromS(token.recordId()),
                "token", AttributeValue.fromS(token.value()))));

        assertThat(store.findByToken(new ExecutionToken(token.recordId(), "A".repeat(22)))).isEmpty();
        assertThatThrownBy(() -> store.findByToken(token)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aMissingRecordIsComparedWithAStandInAsLongAsATokenThatNoTokenEquals() {
        ExecutionToken token = neverReceived();

        // MessageDigest.isEqual returns at once for an empty second argument: the stand-in must not be one.
        assertThat(ExecutionItems.NO_TOKEN).hasSameSizeAs(token.value());
        assertThat(ExecutionToken.parse(ExecutionItems.NO_TOKEN)).isEmpty();
        assertThat(ExecutionItems.holdsToken(Map.of(), token)).isFalse();
        assertThat(ExecutionItems.holdsToken(Map.of("token", AttributeValue.fromN("1")), token)).isFalse();
        assertThat(ExecutionItems.holdsToken(Map.of("token", AttributeValue.fromS(token.value())), token)).isTrue();
    }

    private static ExecutionToken otherSecret(ExecutionRecord record) {
        return new ExecutionToken(record.recordId(), "A".repeat(22));
    }

    private static ExecutionToken neverReceived() {
        return ExecutionToken.issue("nobody:" + RANDOM.nextLong(), RANDOM);
    }

    /** One GetItem the store sent and what came back. */
    private record Read(GetItemRequest request, GetItemResponse response) {
    }

    /** A client that records every GetItem, however the store builds it, and passes everything on. */
    private static DynamoDbClient recording(DynamoDbClient client, List<Read> reads) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getItem")) {
                        GetItemRequest request = args[0] instanceof GetItemRequest built ? built : build(args[0]);
                        GetItemResponse response = client.getItem(request);
                        reads.add(new Read(request, response));
                        return response;
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private static GetItemRequest build(Object consumer) {
        GetItemRequest.Builder builder = GetItemRequest.builder();
        ((Consumer<GetItemRequest.Builder>) consumer).accept(builder);
        return builder.build();
    }
}
