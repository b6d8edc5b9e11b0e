package dev.hookline.validator;

import java.util.List;

/** Every rule a payload broke; valid when there are none. */
public record ValidationResult(List<Violation> violations) {

    public ValidationResult {
        violations = List.copyOf(violations);
    }

    public boolean valid() {
        return violations.isEmpty();
    }
}
