package dev.hookline.validator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.json.Json;
import dev.hookline.validator.rules.RulesLocation;
import java.util.Map;

/**
 * The validator as its own function: takes a webhook payload, answers whether it is valid and
 * which rules it broke. The event type is the payload's {@code type} field.
 */
public final class ValidatorHandler implements RequestHandler<Map<String, Object>, ValidationResult> {

    private final Validator validator;

    public ValidatorHandler() {
        this(FunctionEnvironment.lambda());
    }

    /** Uses the rules file the environment names, or the bundled rules (see {@link RulesLocation}). */
    public ValidatorHandler(FunctionEnvironment environment) {
        this(Validator.fromEnvironment(environment));
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
