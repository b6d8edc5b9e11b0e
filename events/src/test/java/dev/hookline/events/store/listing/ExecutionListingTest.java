package dev.hookline.events.store.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.store.IndexKeys;
import dev.hookline.events.store.StoredExecutions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The listing over 250 executions of three sources in every status, on the test JVM's dynalite. */
class ExecutionListingTest {

    private static final Instant BASE = Instant.parse("2026-04-01T00:00:00Z");
    private static final List<String> SOURCES = List.of("alpha", "beta", "gamma");

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final ExecutionListing listing = new ExecutionListing(dynamoDb.client(), dynamoDb.table());
    /** Every execution as stored, newest first (receive time, then record id, both descending). */
    private static List<ExecutionRecord> all;

    @BeforeAll
    static void storeTwoHundredFiftyExecutions() {
        StoredExecutions executions = new StoredExecutions(dynamoDb.store());
        List<ExecutionRecord> stored = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            // Every tenth execution arrives in the same millisecond as the one before it.
            Instant receivedAt = i % 10 == 9 ? stored.get(i - 1).receivedAt() : BASE.plusSeconds(i).plusMillis(i % 7);
            ExecutionRecord record = executions.started(SOURCES.get(i % 3), i % 4 == 0 ? null : "order", receivedAt);
            stored.add(executions.moveTo(record, statusFor(i)));
        }
        all = stored.stream().sorted(NEWEST_FIRST).toList();
        assertThat(all.stream().map(ExecutionRecord::receivedAt).distinct()).hasSize(225);
    }

    @AfterAll
    static void stopListing() {
        listing.close();
    }

    private static ExecutionStatus statusFor(int i) {
        if (i % 7 == 0) {
            return ExecutionStatus.FAILED;
        }
        if (i % 5 == 0) {
            return ExecutionStatus.COMPLETED;
        }
        if (i % 11 == 0) {
            return ExecutionStatus.VALIDATING;
        }
        if (i % 13 == 0) {
            return ExecutionStatus.REJECTED;
        }
        return i % 17 == 0 ? ExecutionStatus.PROCESSING : ExecutionStatus.STARTED;
    }

    private static final Comparator<ExecutionRecord> NEWEST_FIRST = Comparator
            .comparing(ExecutionRecord::receivedAt)
            .thenComparing(ExecutionRecord::recordId)
            .reversed();

    @Test
    void pagingThroughTwoHundredFiftyExecutionsYieldsEachExactlyOnceNewestFirst() {
        List<ListingPage> pages = pageThrough(query(Optional.empty(), Optional.empty(), 37));

        List<String> listed = tokens(pages);
        assertThat(pages).hasSize(7);
        assertThat(pages.subList(0, 6)).allSatisfy(page -> {
            assertThat(page.executions()).hasSize(37);
            assertThat(page.nextCursor()).isPresent();
        });
        assertThat(pages.get(6).executions()).hasSize(250 - 6 * 37);
        assertThat(pages.get(6).nextCursor()).isEmpty();
        assertThat(new HashSet<>(listed)).hasSize(listed.size());
        assertThat(listed).containsExactlyElementsOf(expected(record -> true));
    }

    @Test
    void aStatusFilterListsOnlyThatStatusAcrossItsShards() {
        List<ListingPage> pages = pageThrough(query(Optional.of(ExecutionStatus.FAILED), Optional.empty(), 10));

        assertThat(tokens(pages)).containsExactlyElementsOf(expected(r -> r.status() == ExecutionStatus.FAILED));
        assertThat(pages.stream().flatMap(page -> page.executions().stream()))
                .allSatisfy(summary -> assertThat(summary.error()).isEqualTo(StoredExecutions.FAILURE));
    }

    @Test
    void everyStatusListsExactlyTheExecutionsInIt() {
        for (ExecutionStatus status : ExecutionStatus.values()) {
            assertThat(tokens(pageThrough(query(Optional.of(status), Optional.empty(), 200))))
                    .as("status %s", status)
                    .containsExactlyElementsOf(expected(r -> r.status() == status));
        }
    }

    @Test
    void aSourceFilterListsOnlyThatSourceAcrossPages() {
        List<ListingPage> pages = pageThrough(query(Optional.empty(), Optional.of("beta"), 30));

        assertThat(tokens(pages)).containsExactlyElementsOf(expected(r -> r.source().equals("beta")));
        assertThat(pages).hasSize(3);
    }

    @Test
    void aSourceFilterReadsOnlyThatSourcesPartitionsOfTheIndexAndOnlyItsExecutions() {
        RecordedReads reads = new RecordedReads();
        try (ExecutionListing recorded = new ExecutionListing(reads.wrap(dynamoDb.client()), dynamoDb.table(), 1)) {
            List<String> listed = tokens(pageThrough(recorded, query(Optional.empty(), Optional.of("beta"), 30)));

            assertThat(listed).containsExactlyElementsOf(expected(r -> r.source().equals("beta")));
        }
        assertThat(reads.queriedPartitions).allMatch(partition -> partition.startsWith("BySource/beta#"));
        assertThat(new HashSet<>(reads.queriedPartitions)).hasSize(IndexKeys.SHARDS);
        assertThat(reads.readIds).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ids(r -> r.source().equals("beta")));
    }

    @Test
    void failuresAreListedFromTheSparseIndexReadingNoOtherExecution() {
        RecordedReads reads = new RecordedReads();
        try (ExecutionListing recorded = new ExecutionListing(reads.wrap(dynamoDb.client()), dynamoDb.table(), 1)) {
            List<String> listed = tokens(pageThrough(recorded, query(Optional.of(ExecutionStatus.FAILED),
                    Optional.empty(), 10)));

            assertThat(listed).containsExactlyElementsOf(expected(r -> r.status() == ExecutionStatus.FAILED));
        }
        assertThat(reads.queriedPartitions).isNotEmpty().allMatch(partition -> partition.startsWith("ByAttention/FAILED#"));
        assertThat(reads.readIds).containsExactlyInAnyOrderElementsOf(ids(r -> r.status() == ExecutionStatus.FAILED));
    }

    @Test
    void statusAndSourceFiltersCombine() {
        List<ListingPage> pages = pageThrough(query(Optional.of(ExecutionStatus.COMPLETED), Optional.of("gamma"), 4));

        assertThat(tokens(pages)).isNotEmpty().containsExactlyElementsOf(
                expected(r -> r.status() == ExecutionStatus.COMPLETED && r.source().equals("gamma")));
    }

    @Test
    void aSourceNobodySendsListsNothingAndNoCursor() {
        ListingPage page = listing.list(query(Optional.empty(), Optional.of("nobody"), 50));

        assertThat(page.executions()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void aWindowIncludesItsFromInstantAndExcludesItsToInstant() {
        Instant from = BASE.plusSeconds(100).plusMillis(100 % 7);
        Instant to = BASE.plusSeconds(200).plusMillis(200 % 7);
        ListingQuery window = new ListingQuery(Optional.empty(), Optional.empty(), Optional.of(from), Optional.of(to),
                15, Optional.empty());

        List<String> listed = tokens(pageThrough(window));

        assertThat(listed).containsExactlyElementsOf(
                expected(r -> !r.receivedAt().isBefore(from) && r.receivedAt().isBefore(to)));
        assertThat(listed).hasSize(100);
        // One nanosecond later, the execution received exactly at `from` is outside the window.
        ListingQuery later = new ListingQuery(Optional.empty(), Optional.empty(), Optional.of(from.plusNanos(1)),
                Optional.of(to), 200, Optional.empty());
        assertThat(tokens(List.of(listing.list(later)))).hasSize(99).doesNotContain(listed.get(listed.size() - 1));
    }

    @Test
    void summariesCarryWhatTheIndexHolds() {
        ExecutionRecord newest = all.get(0);
        ExecutionSummary summary = listing.list(query(Optional.empty(), Optional.empty(), 1)).executions().get(0);

        assertThat(summary).isEqualTo(new ExecutionSummary(newest.token().value(), newest.source(),
                newest.eventType(), newest.status(), newest.round(), newest.attempts(), newest.receivedAt(),
                newest.lastUpdated(), newest.error()));
    }

    @Test
    void aCursorThatThisApiDidNotIssueIsRefused() {
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"v\":1,\"after\":\"drop table\"}".getBytes(StandardCharsets.UTF_8));
        for (String cursor : List.of("not-a-cursor", "%%%", forged, "e30")) {
            assertThatThrownBy(() -> listing.list(ListingQuery.newest().withCursor(cursor)))
                    .as(cursor)
                    .isInstanceOfSatisfying(InvalidListingQueryException.class,
                            invalid -> assertThat(invalid.parameter()).isEqualTo("cursor"))
                    .hasMessageContaining("cursor is not one this API issued");
        }
    }

    @Test
    void aCursorReusedWithOtherFiltersIsRefusedNamingThem() {
        ListingQuery failed = query(Optional.of(ExecutionStatus.FAILED), Optional.empty(), 5);
        String cursor = listing.list(failed).nextCursor().orElseThrow();

        assertThatThrownBy(() -> listing.list(query(Optional.of(ExecutionStatus.COMPLETED), Optional.empty(), 5)
                .withCursor(cursor)))
                .isInstanceOfSatisfying(InvalidListingQueryException.class,
                        invalid -> assertThat(invalid.parameter()).isEqualTo("cursor"))
                .hasMessageContaining("status was 'FAILED', now 'COMPLETED'");
        assertThatThrownBy(() -> listing.list(query(Optional.of(ExecutionStatus.FAILED), Optional.of("beta"), 5)
                .withCursor(cursor)))
                .hasMessageContaining("source was not set, now 'beta'");
        assertThat(listing.list(query(Optional.of(ExecutionStatus.FAILED), Optional.empty(), 7).withCursor(cursor))
                .executions()).as("another limit is fine").hasSize(7);
    }

    @Test
    void limitMustBeFromOneToTwoHundred() {
        for (int limit : List.of(0, -1, 201)) {
            assertThatThrownBy(() -> listing.list(query(Optional.empty(), Optional.empty(), limit)))
                    .isInstanceOfSatisfying(InvalidListingQueryException.class,
                            invalid -> assertThat(invalid.parameter()).isEqualTo("limit"))
                    .hasMessageContaining("from 1 to 200");
        }
        assertThat(listing.list(query(Optional.empty(), Optional.empty(), 1)).executions()).hasSize(1);
        ListingPage largest = listing.list(query(Optional.empty(), Optional.empty(), 200));
        assertThat(largest.executions()).hasSize(200);
        assertThat(largest.nextCursor()).isPresent();
    }

    @Test
    void fromMustBeBeforeTo() {
        ListingQuery backwards = new ListingQuery(Optional.empty(), Optional.empty(), Optional.of(BASE.plusSeconds(5)),
                Optional.of(BASE), 50, Optional.empty());

        assertThatThrownBy(() -> listing.list(backwards))
                .isInstanceOfSatisfying(InvalidListingQueryException.class,
                        invalid -> assertThat(invalid.parameter()).isEqualTo("from"))
                .hasMessageContaining("must be before to");
    }

    @Test
    void partitionsQueriedOneAfterAnotherListTheSameAsConcurrently() {
        try (ExecutionListing sequential = new ExecutionListing(dynamoDb.client(), dynamoDb.table(), 1)) {
            ListingQuery first = query(Optional.empty(), Optional.empty(), 50);
            for (int round = 0; round < 15; round++) { // warm up both
                sequential.list(first);
                listing.list(first);
            }
            long sequentialMicros = averageMicros(sequential, first);
            long concurrentMicros = averageMicros(listing, first);
            System.out.printf("listing a 50-item page of 250 executions (3 sources x 16 partitions), dynalite over HTTP:"
                    + " sequential %d us, %d threads %d us%n", sequentialMicros,
                    ExecutionListing.DEFAULT_PARALLELISM, concurrentMicros);
            ListingQuery failed = query(Optional.of(ExecutionStatus.FAILED), Optional.empty(), 50);
            System.out.printf("  status=FAILED (16 partitions of the sparse index): sequential %d us, concurrent %d us%n",
                    averageMicros(sequential, failed), averageMicros(listing, failed));

            assertThat(tokens(pageThrough(sequential, query(Optional.empty(), Optional.empty(), 50))))
                    .containsExactlyElementsOf(tokens(pageThrough(query(Optional.empty(), Optional.empty(), 50))));
        }
    }

    private static long averageMicros(ExecutionListing listing, ListingQuery query) {
        int runs = 20;
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            listing.list(query);
        }
        return (System.nanoTime() - started) / runs / 1000;
    }

    private static ListingQuery query(Optional<ExecutionStatus> status, Optional<String> source, int limit) {
        return new ListingQuery(status, source, Optional.empty(), Optional.empty(), limit, Optional.empty());
    }

    private static List<ListingPage> pageThrough(ListingQuery query) {
        return pageThrough(listing, query);
    }

    private static List<ListingPage> pageThrough(ExecutionListing listing, ListingQuery query) {
        List<ListingPage> pages = new ArrayList<>();
        ListingPage page = listing.list(query);
        pages.add(page);
        while (page.nextCursor().isPresent()) {
            assertThat(pages).as("pages").hasSizeLessThan(300);
            page = listing.list(query.withCursor(page.nextCursor().get()));
            pages.add(page);
        }
        return pages;
    }

    private static List<String> tokens(List<ListingPage> pages) {
        return pages.stream().flatMap(page -> page.executions().stream()).map(ExecutionSummary::executionToken).toList();
    }

    private static List<String> ids(Predicate<ExecutionRecord> filter) {
        return all.stream().filter(filter).map(ExecutionRecord::recordId).toList();
    }

    /** The index partitions a listing queries and the executions it reads from the table. */
    private static final class RecordedReads {
        final List<String> queriedPartitions = new CopyOnWriteArrayList<>();
        final List<String> readIds = new CopyOnWriteArrayList<>();

        DynamoDbClient wrap(DynamoDbClient client) {
            return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                    new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                        if (args != null && args.length == 1 && args[0] instanceof QueryRequest query) {
                            queriedPartitions.add(query.indexName() + "/" + query.expressionAttributeValues()
                                    .get(":key").s());
                        }
                        if (args != null && args.length == 1 && args[0] instanceof BatchGetItemRequest batch) {
                            batch.requestItems().values().forEach(keys -> keys.keys()
                                    .forEach(key -> readIds.add(key.get("id").s())));
                        }
                        try {
                            return method.invoke(client, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    private static List<String> expected(Predicate<ExecutionRecord> filter) {
        return all.stream().filter(filter).map(record -> record.token().value()).toList();
    }
}
