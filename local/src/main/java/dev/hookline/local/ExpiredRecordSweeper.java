package dev.hookline.local;

import dev.hookline.events.store.ExecutionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for DynamoDB's time to live, which dynalite does not have: every interval it
 * deletes the execution records whose {@code expiresAt} has passed. DynamoDB deletes within days of
 * expiry; this, within one interval.
 */
public final class ExpiredRecordSweeper implements AutoCloseable {

    /** How often it sweeps. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredRecordSweeper.class);

    private final ExecutionStore store;
    private final Clock clock;
    private final ScheduledExecutorService schedule;

    public ExpiredRecordSweeper(ExecutionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "local-ttl");
            thread.setDaemon(true);
            return thread;
        });
    }

    public ExpiredRecordSweeper start() {
        schedule.scheduleWithFixedDelay(this::sweepQuietly, 0, INTERVAL.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** One sweep now; how many items it deleted: records and the bodies kept beside them. */
    public int sweep() {
        int deleted = store.deleteExpired(clock.instant());
        if (deleted > 0) {
            LOG.info("local TTL: deleted {} expired items (execution records and their kept bodies)", deleted);
        }
        return deleted;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException failed) {
            LOG.warn("local TTL: sweep failed, trying again in {} s: {}", INTERVAL.toSeconds(), failed.getMessage());
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
