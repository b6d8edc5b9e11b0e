package dev.hookline.events.store.listing;

import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Lists executions newest first from the table's {@code ByStatus} index, by status, source and
 * receive time, a page at a time.
 *
 * <p>The index is partitioned by status and one of four shards ({@code FAILED#2}) and sorted by
 * receive time then record id, a unique key. A page queries every partition it needs (4 for one
 * status, 28 for all) backwards from the cursor, concurrently, and merges them; the cursor is the
 * last sort key shown, so paging never repeats or skips an execution. Index reads are eventually
 * consistent: an execution whose status just changed may show its previous status.
 */
public final class ExecutionListing implements AutoCloseable {

    // The index and attributes as dev.hookline.events.store.ExecutionItems writes them.
    static final String INDEX = "ByStatus";
    static final int SHARDS = 4;
    private static final String LIST_KEY = "listKey";
    private static final String LIST_SORT = "listSort";
    private static final String TOKEN = "token";
    private static final String SOURCE = "source";
    private static final String EVENT_TYPE = "eventType";
    private static final String STATUS = "status";
    private static final String ROUND = "round";
    private static final String ATTEMPTS = "attempts";
    private static final String RECEIVED_AT = "receivedAt";
    private static final String LAST_UPDATED = "lastUpdated";
    private static final String ERROR = "error";

    /** Below every sort key ({@code 13 digits#id}). */
    private static final String BEFORE_EVERY_SORT_KEY = "0";
    /** Above every sort key. */
    private static final String AFTER_EVERY_SORT_KEY = "9999999999999~";
    /** Items read per request from a partition when a source filter may discard most of them. */
    private static final int FILTERED_PAGE_ITEMS = 200;
    /** Partitions queried at once. */
    static final int DEFAULT_PARALLELISM = 8;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final ExecutorService executor;

    public ExecutionListing(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, DEFAULT_PARALLELISM);
    }

    /** With {@code parallelism} 1, partitions are queried one after another on the caller's thread. */
    ExecutionListing(DynamoDbClient dynamoDb, String tableName, int parallelism) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        if (parallelism <= 1) {
            this.executor = null;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(parallelism, parallelism, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemonThreads());
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
        }
    }

    /**
     * One page of the executions that match the query, newest first.
     *
     * @throws InvalidListingQueryException when a value is out of range or the cursor is not one
     *     this API issued for these filters
     */
    public ListingPage list(ListingQuery query) {
        validate(query);
        String lower = query.from().map(ExecutionListing::sortKeyPrefix).orElse(BEFORE_EVERY_SORT_KEY);
        String upper = query.to().map(ExecutionListing::sortKeyPrefix).orElse(AFTER_EVERY_SORT_KEY);
        String after = query.cursor().map(cursor -> ListingCursor.continueAfter(cursor, query)).orElse(null);
        if (after != null && after.compareTo(upper) < 0) {
            upper = after;
        }
        if (upper.compareTo(lower) < 0) {
            return new ListingPage(List.of(), Optional.empty());
        }
        int pageItems = query.source().isPresent()
                ? Math.max(query.limit() + 1, FILTERED_PAGE_ITEMS)
                : query.limit() + 1;
        List<Partition> partitions = new ArrayList<>();
        for (ExecutionStatus status : query.status().map(List::of).orElse(List.of(ExecutionStatus.values()))) {
            for (int shard = 0; shard < SHARDS; shard++) {
                partitions.add(new Partition(
                        status.name() + "#" + shard, lower, upper, after, query.source(), pageItems));
            }
        }
        // limit + 1 from each partition (or all it has): the merge then knows the page and whether more follow.
        fillAll(partitions, query.limit() + 1);
        return merge(partitions, query);
    }

    /** Stops the threads that query partitions; they are daemons and stop after a minute idle anyway. */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static void validate(ListingQuery query) {
        if (query.limit() < 1 || query.limit() > ListingQuery.MAX_LIMIT) {
            throw new InvalidListingQueryException(ListingQuery.LIMIT, "limit must be a whole number from 1 to "
                    + ListingQuery.MAX_LIMIT + "; got " + query.limit());
        }
        if (query.source().isPresent() && query.source().get().isBlank()) {
            throw new InvalidListingQueryException(ListingQuery.SOURCE,
                    "source must name a source, such as github; leave it out to list every source");
        }
        if (query.from().isPresent() && query.to().isPresent() && !query.from().get().isBefore(query.to().get())) {
            throw new InvalidListingQueryException(ListingQuery.FROM, "from (" + query.from().get()
                    + ") must be before to (" + query.to().get() + "); from is inclusive, to exclusive");
        }
    }

    private void fillAll(List<Partition> partitions, int items) {
        if (executor == null) {
            partitions.forEach(partition -> partition.fill(items));
            return;
        }
        CompletableFuture<?>[] fills = partitions.stream()
                .map(partition -> CompletableFuture.runAsync(() -> partition.fill(items), executor))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(fills).join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
    }

    /** A k-way merge of the partitions' newest-first streams, taking {@code limit} executions. */
    private static ListingPage merge(List<Partition> partitions, ListingQuery query) {
        PriorityQueue<Partition> heads = new PriorityQueue<>(
                Comparator.comparing(Partition::headSortKey, Comparator.reverseOrder()));
        partitions.stream().filter(Partition::hasItems).forEach(heads::add);
        List<ExecutionSummary> page = new ArrayList<>();
        String last = null;
        while (page.size() < query.limit() && !heads.isEmpty()) {
            Partition newest = heads.poll();
            Map<String, AttributeValue> item = newest.take();
            String sortKey = item.get(LIST_SORT).s();
            // The index is updated after the table: a status change may briefly show one execution in two partitions.
            if (!sortKey.equals(last)) {
                page.add(summary(item));
                last = sortKey;
            }
            if (!newest.hasItems()) {
                newest.fill(1);
            }
            if (newest.hasItems()) {
                heads.add(newest);
            }
        }
        boolean more = page.size() == query.limit() && !heads.isEmpty();
        return new ListingPage(page, more ? Optional.of(ListingCursor.issue(last, query)) : Optional.empty());
    }

    /** One index partition, read newest first within the page's bounds, a request at a time. */
    private final class Partition {

        private final String listKey;
        private final String lower;
        private final String upper;
        private final String exclusiveUpper;
        private final Optional<String> source;
        private final int pageItems;
        private final Deque<Map<String, AttributeValue>> buffer = new ArrayDeque<>();
        private Map<String, AttributeValue> lastEvaluatedKey;
        private boolean exhausted;

        Partition(String listKey, String lower, String upper, String exclusiveUpper, Optional<String> source,
                int pageItems) {
            this.listKey = listKey;
            this.lower = lower;
            this.upper = upper;
            this.exclusiveUpper = exclusiveUpper;
            this.source = source;
            this.pageItems = pageItems;
        }

        boolean hasItems() {
            return !buffer.isEmpty();
        }

        String headSortKey() {
            return buffer.peekFirst().get(LIST_SORT).s();
        }

        Map<String, AttributeValue> take() {
            return buffer.pollFirst();
        }

        /** Reads until at least {@code items} are buffered or the partition has no more in bounds. */
        void fill(int items) {
            while (!exhausted && buffer.size() < items) {
                QueryResponse response = dynamoDb.query(request());
                for (Map<String, AttributeValue> item : response.items()) {
                    // BETWEEN includes its upper bound; the cursor's own item was on the previous page.
                    if (!item.get(LIST_SORT).s().equals(exclusiveUpper)) {
                        buffer.addLast(item);
                    }
                }
                lastEvaluatedKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey()
                        : null;
                exhausted = lastEvaluatedKey == null;
            }
        }

        private QueryRequest request() {
            Map<String, String> names = new HashMap<>(Map.of("#key", LIST_KEY, "#sort", LIST_SORT));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(
                    ":key", AttributeValue.fromS(listKey),
                    ":lower", AttributeValue.fromS(lower),
                    ":upper", AttributeValue.fromS(upper)));
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(INDEX)
                    .keyConditionExpression("#key = :key AND #sort BETWEEN :lower AND :upper")
                    .scanIndexForward(false)
                    .limit(pageItems)
                    .exclusiveStartKey(lastEvaluatedKey);
            if (source.isPresent()) {
                names.put("#source", SOURCE);
                values.put(":source", AttributeValue.fromS(source.get()));
                request.filterExpression("#source = :source");
            }
            return request.expressionAttributeNames(names).expressionAttributeValues(values).build();
        }
    }

    /**
     * The sort-key prefix of an instant: the epoch milliseconds of the first whole millisecond at or
     * after it, so {@code >= prefix} means "received at or after" and {@code < prefix} "before".
     */
    static String sortKeyPrefix(Instant instant) {
        long millis = instant.toEpochMilli();
        if (instant.getNano() % 1_000_000 != 0) {
            millis++;
        }
        return String.format("%013d", millis);
    }

    private static ExecutionSummary summary(Map<String, AttributeValue> item) {
        AttributeValue error = item.get(ERROR);
        return new ExecutionSummary(
                item.get(TOKEN).s(),
                item.get(SOURCE).s(),
                item.containsKey(EVENT_TYPE) ? item.get(EVENT_TYPE).s() : null,
                ExecutionStatus.valueOf(item.get(STATUS).s()),
                Integer.parseInt(item.get(ROUND).n()),
                Integer.parseInt(item.get(ATTEMPTS).n()),
                Instant.ofEpochMilli(Long.parseLong(item.get(RECEIVED_AT).n())),
                Instant.ofEpochMilli(Long.parseLong(item.get(LAST_UPDATED).n())),
                error == null ? null : new ExecutionError(error.m().get("code").s(), error.m().get("message").s()));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "hookline-listing-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
