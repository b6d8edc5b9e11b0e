package dev.hookline.processor.durable;

/**
 * What a running step knows about itself.
 *
 * @param attempt 1 on the step's first run, then one more on each retry
 */
public record StepContext(String stepName, int attempt) {
}
