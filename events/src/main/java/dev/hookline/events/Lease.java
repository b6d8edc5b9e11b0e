package dev.hookline.events;

import java.time.Instant;

/** A processor's exclusive claim on an execution until {@code until}. */
public record Lease(String owner, Instant until) {

    public boolean isLiveAt(Instant now) {
        return until.isAfter(now);
    }
}
