package dev.hookline.validator.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.validator.Violation;
import java.util.Optional;

/** One check on a webhook payload. */
public interface Rule {

    /** The violation, or empty when the payload satisfies the rule. */
    Optional<Violation> check(String eventType, JsonNode payload);
}
