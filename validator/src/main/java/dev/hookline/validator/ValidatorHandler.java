package dev.hookline.validator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.json.Json;
import java.util.Map;

/**
 * The validator as its own function: takes a webhook payload, answers whether it is valid and
 * which rules it broke. The event type is the payload's {@code type} field.
 */
public final class ValidatorHandler implements RequestHandler<Map<String, Object>, ValidationResult> {

    private final Validator validator;

    public ValidatorHandler() {
        this(Validator.withDefaultRules());
    }

    public ValidatorHandler(Validator validator) {
        this.validator = validator;
    }

    @Override
    public ValidationResult handleRequest(Map<String, Object> payload, Context context) {
        JsonNode tree = Json.mapper().valueToTree(payload);
        JsonNode type = tree.get("type");
        return validator.validate(type != null && type.isTextual() ? type.asText() : null, tree);
    }
}
