package dev.hookline.events;

import java.time.Instant;

/**
 * How often an execution that stopped making progress was put back on the queue, by the reconciler
 * or by a sender's retry, and when last.
 */
public record Requeued(int count, Instant at) {
}
