package dev.hookline.events;

import java.time.Instant;

/**
 * A processor's exclusive claim on an execution until {@code until}; between attempts, held by
 * {@link #AWAITING_RETRY} until the next attempt is due.
 */
public record Lease(String owner, Instant until) {

    /** The owner of a lease that keeps an execution waiting for its retry: no processor holds it. */
    public static final String AWAITING_RETRY = "awaiting-retry";

    public boolean isLiveAt(Instant now) {
        return until.isAfter(now);
    }
}
