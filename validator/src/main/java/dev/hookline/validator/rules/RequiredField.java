package dev.hookline.validator.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.validator.Violation;
import java.util.Optional;

/** Events of one type must carry a non-empty top-level field. */
public record RequiredField(String eventType, String field) implements Rule {

    @Override
    public Optional<Violation> check(String actualType, JsonNode payload) {
        if (!eventType.equals(actualType)) {
            return Optional.empty();
        }
        JsonNode value = payload.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return Optional.of(new Violation(eventType + "." + field + ".required",
                    eventType + " events need a non-empty '" + field + "'"));
        }
        return Optional.empty();
    }
}
