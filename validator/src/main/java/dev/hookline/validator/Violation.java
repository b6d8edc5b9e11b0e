package dev.hookline.validator;

/** One broken rule: which rule, and what the sender must change. */
public record Violation(String rule, String message) {
}
