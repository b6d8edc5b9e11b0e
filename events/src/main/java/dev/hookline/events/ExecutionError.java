package dev.hookline.events;

/** Why an execution failed or was rejected, safe to show to the sender: no stack trace, no secret. */
public record ExecutionError(String code, String message) {
}
