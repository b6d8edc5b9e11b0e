package dev.hookline.local.template;

import java.util.List;
import java.util.Map;

/**
 * A DynamoDB table as the template declares it.
 *
 * @param attributes attribute name to type ({@code S}, {@code N}, {@code B})
 * @param keySchema key attribute to key type ({@code HASH}, {@code RANGE}), in order
 * @param ttlAttribute the TTL attribute, or {@code null}
 * @param globalSecondaryIndexes each index's name and key schema
 */
public record TableSpec(
        String logicalId,
        Map<String, String> attributes,
        List<Map.Entry<String, String>> keySchema,
        String ttlAttribute,
        List<IndexSpec> globalSecondaryIndexes) {

    /** A global secondary index: its key schema and which attributes it projects. */
    public record IndexSpec(String name, List<Map.Entry<String, String>> keySchema, String projectionType,
            List<String> nonKeyAttributes) {
    }
}
