package dev.hookline.validator.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.hookline.validator.Violation;
import java.util.List;

/** One accepted event type and the compiled JSON Schema its payloads must satisfy. */
public record EventTypeRule(String eventType, JsonSchema schema) {

    /** Every way the payload breaks the schema, in the schema's order; empty when it satisfies it. */
    public List<Violation> check(JsonNode payload) {
        return schema.validate(payload == null ? NullNode.getInstance() : payload).stream()
                .map(this::violation)
                .toList();
    }

    private Violation violation(ValidationMessage message) {
        return new Violation(ruleId(message), eventType + ": " + describe(message));
    }

    /**
     * {@code <type>.schema.<keyword path>}, e.g. {@code order.schema.properties.orderId.minLength}: it
     * names the keyword in the rules document that failed, so it stays the same whatever the payload.
     */
    private String ruleId(ValidationMessage message) {
        StringBuilder id = new StringBuilder(eventType).append(".schema");
        JsonNodePath path = message.getEvaluationPath();
        for (int i = 0; i < path.getNameCount(); i++) {
            id.append('.').append(path.getElement(i));
        }
        return id.toString();
    }

    private static String describe(ValidationMessage message) {
        // The library reports a missing property at its parent ("$: required property 'orderId' not
        // found"); the sender needs the path of the field to add.
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            return message.getInstanceLocation().append(message.getProperty()) + " is required";
        }
        return message.getMessage();
    }
}
