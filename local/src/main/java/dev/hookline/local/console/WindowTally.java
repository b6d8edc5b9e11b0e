package dev.hookline.local.console;

import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.listing.ExecutionListing;
import dev.hookline.events.store.listing.ExecutionSummary;
import dev.hookline.events.store.listing.ListingPage;
import dev.hookline.events.store.listing.ListingQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The executions received in the last {@code window}, kept between refreshes so a refresh does not
 * read them all again. The first refresh reads the whole window from the listing index; each later
 * one reads only what arrived since the previous one (with an overlap for the index's lag) and each
 * held execution that was still under way; every {@link #FAILED_RECHECK} it also reads the
 * executions the attention index lists as failed in the window, as a replay (from any operator)
 * moves them on. Nothing else changes status: a completed or rejected execution stays so.
 */
final class WindowTally {

    /** How far back a refresh reads again, for executions the eventually consistent index showed late. */
    static final Duration INDEX_LAG = Duration.ofSeconds(10);
    /** How often the failed executions are read again: there may be many, and only a replay changes them. */
    static final Duration FAILED_RECHECK = Duration.ofSeconds(30);

    private final Duration window;
    private final Map<String, ExecutionSummary> held = new HashMap<>();
    private Instant readFrom;
    private Instant failedReadAt;
    private final Set<String> replayed = new HashSet<>();

    WindowTally(Duration window) {
        this.window = window;
    }

    /** What a refresh found, and how many executions it read to find it. */
    record Snapshot(Instant from, Instant to, List<ExecutionSummary> executions, int read) {
    }

    /** Executions this console just replayed: refreshes read them again until they no longer read FAILED. */
    synchronized void replayed(Set<String> tokens) {
        replayed.addAll(tokens);
    }

    synchronized Snapshot refresh(ExecutionListing listing, ExecutionStore store, Instant now) {
        Instant from = now.minus(window);
        held.values().removeIf(summary -> summary.receivedAt().isBefore(from));
        Instant newSince = readFrom == null || readFrom.isBefore(from) ? from : readFrom;
        Set<String> seen = new HashSet<>();
        int read = readAll(listing, query(Optional.empty(), newSince), seen);
        if (readFrom != null) {
            boolean recheckFailed = !now.isBefore(failedReadAt.plus(FAILED_RECHECK));
            if (recheckFailed) {
                read += readAll(listing, query(Optional.of(ExecutionStatus.FAILED), from), seen);
                failedReadAt = now;
            }
            for (ExecutionSummary summary : List.copyOf(held.values())) {
                boolean waits = summary.status() == ExecutionStatus.FAILED && !recheckFailed
                        && !replayed.contains(summary.executionToken());
                if (!seen.contains(summary.executionToken()) && !isSettled(summary.status()) && !waits) {
                    read++;
                    reread(store, summary);
                }
            }
        }
        if (readFrom == null) {
            failedReadAt = now;
        }
        // A replayed execution reads FAILED until the processor takes it up again: watch it till then.
        replayed.removeIf(token -> !held.containsKey(token) || held.get(token).status() != ExecutionStatus.FAILED);
        readFrom = now.minus(INDEX_LAG);
        return new Snapshot(from, now, List.copyOf(held.values()), read);
    }

    private static boolean isSettled(ExecutionStatus status) {
        return status == ExecutionStatus.COMPLETED || status == ExecutionStatus.REJECTED;
    }

    private static ListingQuery query(Optional<ExecutionStatus> status, Instant from) {
        return new ListingQuery(status, Optional.empty(), Optional.of(from), Optional.empty(), ListingQuery.MAX_LIMIT,
                Optional.empty());
    }

    private int readAll(ExecutionListing listing, ListingQuery query, Set<String> seen) {
        int read = 0;
        ListingPage page = listing.list(query);
        while (true) {
            for (ExecutionSummary summary : page.executions()) {
                held.put(summary.executionToken(), summary);
                seen.add(summary.executionToken());
                read++;
            }
            if (page.nextCursor().isEmpty()) {
                return read;
            }
            page = listing.list(query.withCursor(page.nextCursor().get()));
        }
    }

    private void reread(ExecutionStore store, ExecutionSummary summary) {
        Optional<ExecutionRecord> record = ExecutionToken.parse(summary.executionToken())
                .flatMap(store::findByToken);
        if (record.isEmpty()) {
            held.remove(summary.executionToken());
            return;
        }
        ExecutionRecord current = record.get();
        held.put(summary.executionToken(), new ExecutionSummary(summary.executionToken(), current.source(),
                current.eventType(), current.status(), current.round(), current.attempts(), current.receivedAt(),
                current.lastUpdated(), current.error()));
    }

    /** Executions by status, every status present even at zero. */
    static Map<ExecutionStatus, Long> byStatus(List<ExecutionSummary> executions) {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            counts.put(status, 0L);
        }
        executions.forEach(summary -> counts.merge(summary.status(), 1L, Long::sum));
        return counts;
    }

    /**
     * Accepted (by receive time), completed and failed (by last update, when they finished) per
     * bucket of {@code bucket}, oldest first, covering {@code from} to {@code to}.
     */
    static List<long[]> perBucket(List<ExecutionSummary> executions, Instant from, Instant to, Duration bucket) {
        long start = from.toEpochMilli() - Math.floorMod(from.toEpochMilli(), bucket.toMillis());
        int buckets = (int) ((to.toEpochMilli() - start) / bucket.toMillis()) + 1;
        List<long[]> counts = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            counts.add(new long[] {start + i * bucket.toMillis(), 0, 0, 0});
        }
        for (ExecutionSummary summary : executions) {
            add(counts, start, bucket, summary.receivedAt(), 1);
            if (summary.status() == ExecutionStatus.COMPLETED) {
                add(counts, start, bucket, summary.lastUpdated(), 2);
            } else if (summary.status() == ExecutionStatus.FAILED) {
                add(counts, start, bucket, summary.lastUpdated(), 3);
            }
        }
        return counts;
    }

    private static void add(List<long[]> counts, long start, Duration bucket, Instant when, int column) {
        long index = (when.toEpochMilli() - start) / bucket.toMillis();
        if (index >= 0 && index < counts.size()) {
            counts.get((int) index)[column]++;
        }
    }
}
