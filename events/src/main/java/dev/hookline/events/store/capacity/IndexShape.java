package dev.hookline.events.store.capacity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * A global secondary index as far as its write cost goes: which attributes key it, which it
 * projects, and what a table write costs it by DynamoDB's published rules ("Provisioned throughput
 * considerations for Global Secondary Indexes"): an item entering the index is one put of its
 * projection, a changed index key a delete and a put, a change to projected attributes only one
 * write of the projection, an item leaving the index (its key attribute removed, or the item
 * deleted) one delete, and a write that touches neither nothing.
 *
 * @param keyAttributes the index's partition key, then its sort key if it has one
 * @param tableKeyAttributes the table's primary key attributes, which every index entry carries
 * @param nonKeyAttributes the attributes an {@code INCLUDE} projection adds; empty otherwise
 */
public record IndexShape(String name, List<String> keyAttributes, List<String> tableKeyAttributes,
        ProjectionType projection, Set<String> nonKeyAttributes) {

    /** DynamoDB bills an index delete as one write, whatever the entry's size. */
    static final long DELETE_UNITS = 1;

    public IndexShape {
        keyAttributes = List.copyOf(keyAttributes);
        tableKeyAttributes = List.copyOf(tableKeyAttributes);
        nonKeyAttributes = Set.copyOf(nonKeyAttributes);
    }

    static IndexShape of(GlobalSecondaryIndexDescription index, List<String> tableKeyAttributes) {
        List<String> keys = index.keySchema().stream().map(KeySchemaElement::attributeName).toList();
        return new IndexShape(index.indexName(), keys, tableKeyAttributes, index.projection().projectionType(),
                index.projection().hasNonKeyAttributes() ? Set.copyOf(index.projection().nonKeyAttributes()) : Set.of());
    }

    /** Write units this index consumes when a table write turns {@code before} into {@code after}. */
    public long writeUnits(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        boolean wasIndexed = indexes(before);
        boolean isIndexed = indexes(after);
        if (!wasIndexed && !isIndexed) {
            return 0;
        }
        if (!wasIndexed) {
            return CapacityUnits.write(ItemSize.of(entry(after)));
        }
        if (!isIndexed) {
            return DELETE_UNITS;
        }
        if (!sameIndexKey(before, after)) {
            return DELETE_UNITS + CapacityUnits.write(ItemSize.of(entry(after)));
        }
        Map<String, AttributeValue> entryBefore = entry(before);
        Map<String, AttributeValue> entryAfter = entry(after);
        return entryBefore.equals(entryAfter)
                ? 0
                : CapacityUnits.write(Math.max(ItemSize.of(entryBefore), ItemSize.of(entryAfter)));
    }

    /** An item is in a global secondary index only while it has every one of the index's key attributes. */
    boolean indexes(Map<String, AttributeValue> item) {
        return item != null && !item.isEmpty() && item.keySet().containsAll(keyAttributes);
    }

    /** The index's copy of an item: its keys, the table's keys and the projected attributes. */
    Map<String, AttributeValue> entry(Map<String, AttributeValue> item) {
        if (projection == ProjectionType.ALL) {
            return item;
        }
        Map<String, AttributeValue> entry = new LinkedHashMap<>();
        item.forEach((attribute, value) -> {
            if (keyAttributes.contains(attribute) || tableKeyAttributes.contains(attribute)
                    || (projection == ProjectionType.INCLUDE && nonKeyAttributes.contains(attribute))) {
                entry.put(attribute, value);
            }
        });
        return entry;
    }

    private boolean sameIndexKey(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        return keyAttributes.stream().allMatch(key -> Objects.equals(before.get(key), after.get(key)));
    }
}
