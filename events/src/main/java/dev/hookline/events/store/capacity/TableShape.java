package dev.hookline.events.store.capacity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A table's primary key and global secondary indexes, as DescribeTable gives them, and what a write
 * costs the table: one unit per KB of the larger of the item before and after, at least one.
 */
public record TableShape(String name, List<String> keyAttributes, List<IndexShape> indexes) {

    public TableShape {
        keyAttributes = List.copyOf(keyAttributes);
        indexes = List.copyOf(indexes);
    }

    public static TableShape describe(DynamoDbClient dynamoDb, String table) {
        TableDescription description = dynamoDb.describeTable(describe -> describe.tableName(table)).table();
        List<String> keys = description.keySchema().stream().map(KeySchemaElement::attributeName).toList();
        List<IndexShape> indexes = description.hasGlobalSecondaryIndexes()
                ? description.globalSecondaryIndexes().stream().map(index -> IndexShape.of(index, keys)).toList()
                : List.of();
        return new TableShape(table, keys, indexes);
    }

    /** The primary key of an item, as a GetItem wants it. */
    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        keyAttributes.forEach(attribute -> key.put(attribute, item.get(attribute)));
        return key;
    }

    public long tableWriteUnits(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        return CapacityUnits.write(Math.max(ItemSize.of(before), ItemSize.of(after)));
    }

    public long indexWriteUnits(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        return indexes.stream().mapToLong(index -> index.writeUnits(before, after)).sum();
    }
}
