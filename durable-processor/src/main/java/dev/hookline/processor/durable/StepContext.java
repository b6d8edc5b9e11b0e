package dev.hookline.processor.durable;

/** What a running step knows about itself. */
public record StepContext(String stepName, int attempt) {
}
