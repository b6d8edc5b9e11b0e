package dev.hookline.validator.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.validator.Violation;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The event type must be one of a fixed set. */
public record AllowedTypes(Set<String> types) implements Rule {

    public AllowedTypes {
        types = Set.copyOf(types);
    }

    @Override
    public Optional<Violation> check(String eventType, JsonNode payload) {
        if (eventType == null) {
            return Optional.of(new Violation("type.required", "the payload needs a 'type' field, one of " + sorted()));
        }
        if (!types.contains(eventType)) {
            return Optional.of(new Violation("type.allowed",
                    "type '" + eventType + "' is not accepted; use one of " + sorted()));
        }
        return Optional.empty();
    }

    private String sorted() {
        return String.join(", ", new TreeSet<>(types));
    }
}
