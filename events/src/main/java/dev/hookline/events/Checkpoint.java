package dev.hookline.events;

import java.time.Instant;

/**
 * The stored outcome of one completed workflow step, replayed instead of running the step again.
 *
 * @param result the step's result as JSON
 */
public record Checkpoint(String step, String result, Instant completedAt) {
}
