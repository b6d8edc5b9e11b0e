package dev.hookline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.validator.rules.RulesLocation;
import dev.hookline.validator.rules.ValidationRules;
import java.util.List;

/**
 * Checks a webhook payload against the rules for its event type and reports every violation, not
 * just the first.
 */
public final class Validator {

    private final ValidationRules rules;

    public Validator(ValidationRules rules) {
        this.rules = rules;
    }

    /** A validator with the bundled seed rules. */
    public static Validator withDefaultRules() {
        return new Validator(RulesLocation.defaults());
    }

    /** A validator with the rules the function was deployed with (see {@link RulesLocation}). */
    public static Validator fromEnvironment(FunctionEnvironment environment) {
        return new Validator(RulesLocation.load(environment));
    }

    public ValidationResult validate(String eventType, JsonNode payload) {
        if (eventType == null) {
            return rejected("type.required", "the payload needs a 'type' field, one of " + acceptedTypes());
        }
        return rules.find(eventType)
                .map(rule -> new ValidationResult(rule.check(payload)))
                .orElseGet(() -> rejected("type.allowed",
                        "type '" + eventType + "' is not accepted; use one of " + acceptedTypes()));
    }

    private String acceptedTypes() {
        return String.join(", ", rules.eventTypes());
    }

    private static ValidationResult rejected(String rule, String message) {
        return new ValidationResult(List.of(new Violation(rule, message)));
    }
}
