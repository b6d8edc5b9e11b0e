package dev.hookline.events;

import java.time.Instant;

/** One entry of an execution's history: the status it reached, when, and on which attempt. */
public record Transition(ExecutionStatus status, Instant at, int attempt, int round) {
}
