package dev.hookline.events;

import java.time.Instant;

/**
 * The stored outcome of one completed workflow step, replayed instead of running the step again.
 *
 * @param result the step's result as JSON
 * @param round the round (replays start a new one) in which the step completed
 * @param attempt the execution attempt within that round on which it completed
 */
public record Checkpoint(String step, String result, Instant completedAt, int round, int attempt) {
}
