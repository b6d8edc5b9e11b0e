package dev.hookline.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Transition;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.listing.ExecutionListing;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The overview's tally on dynalite: it reads a window once, then only what may have changed. */
class WindowTallyTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static LocalRuntime runtime;
    private static ExecutionStore store;
    private static ExecutionListing listing;

    @BeforeAll
    static void seed() {
        runtime = LocalRuntime.start(LocalOptions.onFreePorts());
        String table = runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE);
        store = new ExecutionStore(runtime.clients().dynamoDb(), table);
        listing = new ExecutionListing(runtime.clients().dynamoDb(), table);
        store.registerSource("shop");
        List<ExecutionStatus> statuses = List.of(ExecutionStatus.COMPLETED, ExecutionStatus.COMPLETED,
                ExecutionStatus.COMPLETED, ExecutionStatus.FAILED, ExecutionStatus.PROCESSING);
        for (int i = 0; i < statuses.size(); i++) {
            store.create(record("in-window-" + i, statuses.get(i), NOW.minus(Duration.ofMinutes(5))));
        }
        store.create(record("too-old", ExecutionStatus.COMPLETED, NOW.minus(Duration.ofMinutes(20))));
    }

    @AfterAll
    static void stop() {
        listing.close();
        runtime.close();
    }

    @Test
    void theFirstRefreshReadsTheWindowAndLaterOnesOnlyWhatIsUnderWayThenTheFailedEveryHalfMinute() {
        WindowTally tally = new WindowTally(Duration.ofMinutes(15));

        WindowTally.Snapshot first = tally.refresh(listing, store, NOW);
        WindowTally.Snapshot next = tally.refresh(listing, store, NOW.plusSeconds(5));
        WindowTally.Snapshot later = tally.refresh(listing, store, NOW.plus(WindowTally.FAILED_RECHECK));

        assertThat(first.read()).isEqualTo(5);
        assertThat(WindowTally.byStatus(first.executions())).containsEntry(ExecutionStatus.COMPLETED, 3L)
                .containsEntry(ExecutionStatus.FAILED, 1L).containsEntry(ExecutionStatus.PROCESSING, 1L)
                .containsEntry(ExecutionStatus.REJECTED, 0L);
        assertThat(next.read()).as("only the one still processing").isEqualTo(1);
        assertThat(next.executions()).hasSize(5);
        assertThat(later.read()).as("the processing one and the failed one").isEqualTo(2);
    }

    @Test
    void perMinuteBucketsCountAcceptedByReceiptAndFinishedByLastUpdate() {
        Instant from = Instant.parse("2026-01-01T10:00:30Z");
        WindowTally tally = new WindowTally(Duration.ofMinutes(15));
        List<long[]> buckets = WindowTally.perBucket(tally.refresh(listing, store, NOW).executions(),
                NOW.minus(Duration.ofMinutes(15)), NOW, Duration.ofMinutes(1));

        assertThat(buckets.stream().mapToLong(bucket -> bucket[1]).sum()).isEqualTo(5);
        assertThat(buckets.stream().mapToLong(bucket -> bucket[2]).sum()).isEqualTo(3);
        assertThat(buckets.stream().mapToLong(bucket -> bucket[3]).sum()).isEqualTo(1);
        assertThat(WindowTally.perBucket(List.of(), from, from.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1)))
                .extracting(bucket -> Instant.ofEpochMilli(bucket[0]))
                .containsExactly(Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:01:00Z"),
                        Instant.parse("2026-01-01T10:02:00Z"));
    }

    private static ExecutionRecord record(String key, ExecutionStatus status, Instant received) {
        Instant updated = received.plusSeconds(1);
        return new ExecutionRecord(ExecutionToken.issue(key, new SecureRandom()), key, "shop", "order", status, 1, 1,
                null, received, updated, NOW.plus(Duration.ofDays(1)), "0".repeat(64),
                List.of(new Transition(ExecutionStatus.STARTED, received, 0, 1), new Transition(status, updated, 1, 1)),
                List.of(), null, null, null, null, null, null);
    }
}
