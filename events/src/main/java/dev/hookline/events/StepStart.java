package dev.hookline.events;

import java.time.Instant;

/**
 * Marks that an at-most-once step's attempt began, so a redelivery after a crash knows the attempt
 * ran (or may have run) and must not run it again.
 */
public record StepStart(String step, int round, int attempt, Instant at) {
}
