package dev.hookline.events.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a dependency outage (DynamoDB or SQS unreachable, throttling, a missing table) once when it
 * begins, at most once a {@link #REMINDER_INTERVAL} while it lasts, and once when it ends, rather than
 * once per refused request: in a burst every request fails the same way, and a stack trace each
 * would bury the one line an operator needs. Thread-safe; one per dependency per function.
 */
public final class OutageLog {

    /** How often a long outage is logged again, with the count of requests refused so far. */
    public static final Duration REMINDER_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(OutageLog.class);

    private final String dependency;
    private final Clock clock;
    private volatile Instant began;
    private Instant lastLogged;
    private long refused;

    /** @param dependency what is out, as operators name it: "DynamoDB table hookline-executions" */
    public OutageLog(String dependency, Clock clock) {
        this.dependency = dependency;
        this.clock = clock;
    }

    /** One request failed because the dependency did; logs only the outage's first and reminder lines. */
    public synchronized void failed(RuntimeException failure) {
        Instant now = clock.instant();
        refused++;
        if (began == null) {
            began = now;
            lastLogged = now;
            LOG.warn("{} is unavailable ({}); answering 503 with Retry-After until it recovers", dependency,
                    describe(failure));
        } else if (!now.isBefore(lastLogged.plus(REMINDER_INTERVAL))) {
            lastLogged = now;
            LOG.warn("{} is still unavailable after {} s ({}); {} requests answered 503 so far", dependency,
                    Duration.between(began, now).toSeconds(), describe(failure), refused);
        }
    }

    /** A request that needed the dependency succeeded; ends the outage, if there was one, with one line. */
    public void succeeded() {
        if (began == null) {
            return;
        }
        synchronized (this) {
            if (began == null) {
                return;
            }
            LOG.warn("{} is available again after {} s; {} requests were answered 503", dependency,
                    Duration.between(began, clock.instant()).toSeconds(), refused);
            began = null;
            refused = 0;
        }
    }

    // The class and the SDK's message name the cause (connection refused, table not found, throttled)
    // and never carry request contents.
    private static String describe(RuntimeException failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
