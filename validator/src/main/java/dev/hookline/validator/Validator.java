package dev.hookline.validator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.validator.rules.AllowedTypes;
import dev.hookline.validator.rules.RequiredField;
import dev.hookline.validator.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks a webhook payload against every rule and reports all violations, not just the first. */
public final class Validator {

    /** The seed pattern's rules: a known type, an order id on orders, a transaction id on payments. */
    public static final List<Rule> DEFAULT_RULES = List.of(
            new AllowedTypes(Set.of("order", "payment", "user", "system")),
            new RequiredField("order", "orderId"),
            new RequiredField("payment", "transactionId"));

    private final List<Rule> rules;

    public Validator(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Validator withDefaultRules() {
        return new Validator(DEFAULT_RULES);
    }

    public ValidationResult validate(String eventType, JsonNode payload) {
        List<Violation> violations = new ArrayList<>();
        for (Rule rule : rules) {
            rule.check(eventType, payload).ifPresent(violations::add);
        }
        return new ValidationResult(violations);
    }
}
