package dev.hookline.processor.action;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A circuit breaker per source and forward target, so that one source's target that has stopped
 * answering cannot hold the processing capacity every source shares. After
 * {@link Settings#consecutiveTimeouts()} forwards in a row time out, the breaker opens: that
 * source's forwards to that target fail at once, as retryable, and go back to the queue with the
 * source's backoff. Once {@link Settings#openFor()} has passed, one forward at a time tries the
 * target: any answer, whatever its status, closes the breaker; a timeout opens it again, for twice
 * as long each time up to {@link Settings#longestOpen()}. The forwarder keeps one set per process.
 *
 * <h2>Why a breaker, not a bulkhead or a batch deadline</h2>
 *
 * <p>Where the capacity goes: the event source mapping runs at most {@code MaximumConcurrency} (4)
 * batches of up to 10 records at once; a batch is answered only once every record in it is done,
 * and a forward waits up to its source's timeout (10 s by default, 30 s at most) for an answer. A
 * target that accepts connections and never answers therefore holds every batch one of its records
 * is in for a whole timeout; with all four held, nothing more is received, whichever source it is
 * from. Locally the four batches also share the handler's {@code BatchParallelism} worker threads.
 * Measured on the local runtime (SlowTargetEndToEndTest, a loaded two-core machine): behind 60
 * webhooks for such a target (4 s timeout), another source's webhooks took up to 25 to 27 s to
 * complete without the breaker, 7 to 12 s with it.
 *
 * <ul>
 *   <li>A bulkhead (at most N forwards in flight per source and process, the rest refused at once)
 *       cannot bound this on AWS: a Lambda instance works on one batch at a time, so a single slow
 *       record holds its batch whatever N is. And any N below the batch size would refuse records of
 *       a healthy, busy source whenever a batch of its webhooks starts forwarding together, spending
 *       their attempts for nothing.
 *   <li>A batch deadline (answer the batch without waiting for a record still forwarding) is not safe
 *       on Lambda: once the handler returns, the environment is frozen with that forward's thread in
 *       it, to resume during some later invocation, holding one of its worker threads, or never; on
 *       the durable engine, the work would run outside its durable execution.
 *   <li>A breaker acts only on evidence that a target is stuck, and then makes the batches short: a
 *       refused forward takes microseconds, so its batch is answered as soon as its other records
 *       are. A refused forward is a failed attempt, as the timeout it replaces would have been.
 * </ul>
 *
 * <p>The bound this gives, per process: once a target is stuck, other sources' webhooks wait at most
 * about two forward timeouts of its source: until the first forwards time out and open the breaker,
 * and until the forwards sent before the first of them timed out give up too, for nothing tells a
 * stuck target from a slow one sooner. After that they wait only while a probe is out: one per
 * process per open period, which grows from 30 s to five minutes while the target stays stuck.
 */
public final class TargetBreaker {

    /**
     * When a breaker opens and for how long.
     *
     * @param consecutiveTimeouts forwards in a row that time out, with no answer between, to open it
     * @param openFor how long it stays open the first time, before one forward may try the target
     * @param longestOpen the longest it stays open, however often a try times out
     */
    public record Settings(int consecutiveTimeouts, Duration openFor, Duration longestOpen) {

        /**
         * Five timeouts in a row open it for 30 s, then 60 s, up to 5 minutes. Five: a first burst of
         * forwards to a stuck target all time out together, and a healthy target rarely misses five in
         * a row. 30 s: short beside the default retry schedule (about two and a half minutes).
         */
        public static final Settings DEFAULT = new Settings(5, Duration.ofSeconds(30), Duration.ofMinutes(5));

        public Settings {
            Objects.requireNonNull(openFor, "openFor");
            Objects.requireNonNull(longestOpen, "longestOpen");
            if (consecutiveTimeouts < 1) {
                throw new IllegalArgumentException("consecutiveTimeouts must be at least 1");
            }
            if (openFor.isNegative() || openFor.isZero() || longestOpen.compareTo(openFor) < 0) {
                throw new IllegalArgumentException("durations must satisfy 0 < openFor <= longestOpen");
            }
        }

        /** Open for {@code openFor × 2^reopenings}, at most {@code longestOpen}. */
        Duration openFor(int reopenings) {
            Duration open = openFor;
            for (int i = 0; i < reopenings && open.compareTo(longestOpen) < 0; i++) {
                open = open.multipliedBy(2);
            }
            return open.compareTo(longestOpen) > 0 ? longestOpen : open;
        }
    }

    /** Whether a forward may go. */
    enum Admission {
        /** The breaker is closed. */
        SEND,
        /** The breaker has been open long enough: this forward tries the target, and no other meanwhile. */
        PROBE,
        /** The breaker is open, or another forward is trying the target. */
        REFUSED
    }

    /** How a forward that went ended, as far as the breaker cares. */
    enum Outcome {
        /** The target answered, with any status. */
        ANSWERED,
        /** No answer, or no connection, within the timeout. */
        TIMED_OUT,
        /** Anything else, such as a refused connection: fast, so it says nothing about capacity. */
        OTHER_ERROR
    }

    private record Key(String source, URI target) {
    }

    private final Settings settings;
    private final Clock clock;
    private final ConcurrentMap<Key, Breaker> breakers = new ConcurrentHashMap<>();

    public TargetBreaker(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Settings settings() {
        return settings;
    }

    /**
     * Keyed by the target too, so an operator who points a source at a new forwardUrl starts afresh.
     */
    Admission admit(String source, URI target) {
        return breakers.computeIfAbsent(new Key(source, target), key -> new Breaker()).admit(clock.instant());
    }

    /** Records how a forward that {@link #admit} let go ended. */
    void settle(String source, URI target, Admission admission, Outcome outcome) {
        breakers.computeIfAbsent(new Key(source, target), key -> new Breaker())
                .settle(admission, outcome, clock.instant(), settings);
    }

    private static final class Breaker {

        private int timeoutsInARow;
        private int reopenings;
        /** Null while closed; once past, the breaker is half open and lets one probe go. */
        private Instant openUntil;
        private boolean probing;

        synchronized Admission admit(Instant now) {
            if (openUntil == null) {
                return Admission.SEND;
            }
            if (probing || now.isBefore(openUntil)) {
                return Admission.REFUSED;
            }
            probing = true;
            return Admission.PROBE;
        }

        synchronized void settle(Admission admission, Outcome outcome, Instant now, Settings settings) {
            if (admission == Admission.PROBE) {
                probing = false;
            }
            switch (outcome) {
                case ANSWERED -> {
                    timeoutsInARow = 0;
                    reopenings = 0;
                    openUntil = null;
                }
                case TIMED_OUT -> {
                    timeoutsInARow++;
                    if (admission == Admission.PROBE) {
                        reopenings++;
                        openUntil = now.plus(settings.openFor(reopenings));
                    } else if (openUntil == null && timeoutsInARow >= settings.consecutiveTimeouts()) {
                        openUntil = now.plus(settings.openFor(0));
                    }
                }
                case OTHER_ERROR -> {
                }
            }
        }
    }
}
