package dev.hookline.processor.sdk;

import java.time.Duration;

/**
 * Thrown from a step's body to have the SDK run the step again after {@code delay}: the wait is the
 * durable function's, suspended without compute, and ends inside the durable execution's window.
 */
final class RetryInWindow extends RuntimeException {

    private final Duration delay;

    RetryInWindow(Duration delay, String message) {
        super(message, null, false, false);
        this.delay = delay;
    }

    Duration delay() {
        return delay;
    }
}
