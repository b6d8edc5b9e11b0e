package dev.hookline.events.store.listing;

import static dev.hookline.events.store.IndexKeys.ATTENTION;
import static dev.hookline.events.store.IndexKeys.BY_ATTENTION;
import static dev.hookline.events.store.IndexKeys.BY_SOURCE;
import static dev.hookline.events.store.IndexKeys.LIST_SORT;
import static dev.hookline.events.store.IndexKeys.SHARDS;
import static dev.hookline.events.store.IndexKeys.SOURCES_PARTITION;
import static dev.hookline.events.store.IndexKeys.SOURCE_KEY;
import static dev.hookline.events.store.IndexKeys.WATCHED;
import static dev.hookline.events.store.IndexKeys.attentionPartition;
import static dev.hookline.events.store.IndexKeys.sourcePartition;

import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Lists executions by status, source and receive time, a page at a time, from two indexes whose keys
 * the happy path writes once, at ingest, and never again: a status change costs no index write.
 *
 * <p>{@code BySource} holds every execution, partitioned by source and one of 16 shards
 * ({@code github#7}) and sorted by receive time then record id, a unique key; it projects keys only.
 * {@code ByAttention} is sparse: it holds only executions that failed, were rejected, or are on the
 * reconciler's watch list, partitioned by that kind and a shard. A page queries every partition it
 * needs concurrently, merges them newest first, and reads the executions themselves from the table
 * (a {@code BatchGetItem}), which is where their current status is. A source filter reads that
 * source's 16 partitions only; without one, the source markers ingest writes say which sources exist.
 * A status filter other than {@code FAILED} or {@code REJECTED} checks each execution read, and a
 * page stops after examining {@value #MAX_EXAMINED_PER_PAGE} executions: it may then hold fewer than
 * {@code limit} with a cursor to continue from.
 *
 * <p>The cursor is the sort key of the last execution examined, so paging never repeats or skips
 * one. Reads are eventually consistent: an execution just accepted may not be listed yet.
 */
public final class ExecutionListing implements AutoCloseable {

    // The attributes as dev.hookline.events.store.ExecutionItems writes them.
    private static final String ID = "id";
    private static final String TOKEN = "token";
    private static final String SOURCE = "source";
    private static final String EVENT_TYPE = "eventType";
    private static final String STATUS = "status";
    private static final String ROUND = "round";
    private static final String ATTEMPTS = "attempts";
    private static final String RECEIVED_AT = "receivedAt";
    private static final String LAST_UPDATED = "lastUpdated";
    private static final String ERROR = "error";
    private static final String SUMMARY_PROJECTION = String.join(", ",
            "#id", "#token", "#source", "#eventType", "#status", "#round", "#attempts", "#receivedAt", "#lastUpdated",
            "#error");
    private static final Map<String, String> SUMMARY_NAMES = Map.of("#id", ID, "#token", TOKEN, "#source", SOURCE,
            "#eventType", EVENT_TYPE, "#status", STATUS, "#round", ROUND, "#attempts", ATTEMPTS,
            "#receivedAt", RECEIVED_AT, "#lastUpdated", LAST_UPDATED, "#error", ERROR);

    /** Below every sort key ({@code 13 digits#id}). */
    private static final String BEFORE_EVERY_SORT_KEY = "0";
    /** Above every sort key. */
    private static final String AFTER_EVERY_SORT_KEY = "9999999999999~";
    /** Executions a page examines at most when a status filter may discard most of them. */
    static final int MAX_EXAMINED_PER_PAGE = 1_000;
    /** Index items read per request from a partition when a filter may discard most of them. */
    private static final int FILTERED_PAGE_ITEMS = 100;
    /** The most keys one {@code BatchGetItem} takes. */
    private static final int BATCH_GET_KEYS = 100;
    /** Partitions queried at once. */
    static final int DEFAULT_PARALLELISM = 8;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final ExecutorService executor;
    private final int parallelism;

    public ExecutionListing(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, DEFAULT_PARALLELISM);
    }

    /** With {@code parallelism} 1, partitions are queried one after another on the caller's thread. */
    ExecutionListing(DynamoDbClient dynamoDb, String tableName, int parallelism) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.parallelism = Math.max(1, parallelism);
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
        Optional<ExecutionStatus> status = query.status();
        boolean indexed = attentionKind(status) != null;
        List<Partition> partitions = indexed
                ? attentionPartitions(attentionKind(status), query.source(), lower, upper, after, Direction.NEWEST_FIRST)
                : sourcePartitions(query.source(), lower, upper, after, Direction.NEWEST_FIRST);
        Scan scan = scan(partitions, Direction.NEWEST_FIRST, status, !indexed && status.isPresent(), query.limit(),
                status.isPresent() ? MAX_EXAMINED_PER_PAGE : query.limit());
        return new ListingPage(scan.executions(),
                scan.more() ? Optional.of(ListingCursor.issue(scan.lastExamined(), query)) : Optional.empty());
    }

    /**
     * Executions received before {@code before}, oldest first, continuing after the position a
     * previous call returned (or from the oldest), examining at most {@code limit}: how the
     * reconciler looks at each execution once, in order, across runs.
     */
    public Scan receivedBefore(Optional<String> afterPosition, Instant before, int limit) {
        String upper = sortKeyPrefix(before);
        String lower = afterPosition.orElse(BEFORE_EVERY_SORT_KEY);
        if (upper.compareTo(lower) <= 0) {
            return new Scan(List.of(), afterPosition.orElse(null), false);
        }
        return scan(sourcePartitions(Optional.empty(), lower, upper, afterPosition.orElse(null),
                Direction.OLDEST_FIRST), Direction.OLDEST_FIRST, Optional.empty(), false, limit, limit);
    }

    /** The executions on the reconciler's watch list, oldest first, at most {@code limit} of them. */
    public Scan watched(int limit) {
        return scan(attentionPartitions(WATCHED, Optional.empty(), BEFORE_EVERY_SORT_KEY, AFTER_EVERY_SORT_KEY, null,
                Direction.OLDEST_FIRST), Direction.OLDEST_FIRST, Optional.empty(), false, limit, limit);
    }

    /**
     * What a scan of the indexes found, in the order it read them.
     *
     * @param lastExamined the sort key of the last execution examined, listed or not, to continue after;
     *     {@code null} when none was
     * @param more whether executions in bounds remain after it
     */
    public record Scan(List<ExecutionSummary> executions, String lastExamined, boolean more) {

        public Scan {
            executions = List.copyOf(executions);
        }
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

    /** The statuses the sparse index holds: listed from it rather than by examining every execution. */
    private static String attentionKind(Optional<ExecutionStatus> status) {
        return status.filter(value -> value == ExecutionStatus.FAILED || value == ExecutionStatus.REJECTED)
                .map(Enum::name)
                .orElse(null);
    }

    private List<Partition> sourcePartitions(Optional<String> source, String lower, String upper, String after,
            Direction direction) {
        List<Partition> partitions = new ArrayList<>();
        for (String name : source.map(List::of).orElseGet(this::sources)) {
            for (int shard = 0; shard < SHARDS; shard++) {
                partitions.add(new Partition(BY_SOURCE, SOURCE_KEY, sourcePartition(name, shard), lower, upper, after,
                        Optional.empty(), direction));
            }
        }
        return partitions;
    }

    private List<Partition> attentionPartitions(String kind, Optional<String> source, String lower, String upper,
            String after, Direction direction) {
        List<Partition> partitions = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            partitions.add(new Partition(BY_ATTENTION, ATTENTION, attentionPartition(kind, shard), lower, upper, after,
                    source, direction));
        }
        return partitions;
    }

    /** Every source that has had a webhook, from the markers ingest writes once per source. */
    private List<String> sources() {
        List<String> sources = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = dynamoDb.query(QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(BY_SOURCE)
                    .keyConditionExpression("#key = :key")
                    .expressionAttributeNames(Map.of("#key", SOURCE_KEY))
                    .expressionAttributeValues(Map.of(":key", AttributeValue.fromS(SOURCES_PARTITION)))
                    .exclusiveStartKey(start)
                    .build());
            response.items().forEach(item -> sources.add(item.get(LIST_SORT).s()));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (start != null);
        return sources;
    }

    /**
     * A k-way merge of the partitions' sorted streams: reads each execution it takes from the table,
     * keeps those with {@code status} (any, when empty), and stops at {@code limit} kept or
     * {@code maxExamined} examined.
     *
     * @param fewMatch whether most executions the partitions hold may lack the status, so that reading
     *     ahead in larger batches saves round trips
     */
    private Scan scan(List<Partition> partitions, Direction direction, Optional<ExecutionStatus> status,
            boolean fewMatch, int limit, int maxExamined) {
        int firstRead = (fewMatch ? Math.min(maxExamined, FILTERED_PAGE_ITEMS) : limit) + 1;
        fillAll(partitions, firstRead);
        PriorityQueue<Partition> heads = new PriorityQueue<>(direction.order(Partition::headSortKey));
        partitions.stream().filter(Partition::hasItems).forEach(heads::add);
        List<ExecutionSummary> kept = new ArrayList<>();
        String lastExamined = null;
        int examined = 0;
        boolean readButNotExamined = false;
        while (kept.size() < limit && examined < maxExamined && !heads.isEmpty()) {
            int batch = Math.min(maxExamined - examined,
                    Math.min(BATCH_GET_KEYS * parallelism, fewMatch ? FILTERED_PAGE_ITEMS : limit - kept.size()));
            Map<String, String> sortKeyById = new LinkedHashMap<>();
            while (sortKeyById.size() < batch && !heads.isEmpty()) {
                Partition next = heads.poll();
                Map<String, AttributeValue> key = next.take();
                sortKeyById.put(key.get(ID).s(), key.get(LIST_SORT).s());
                if (!next.hasItems()) {
                    next.fill(1);
                }
                if (next.hasItems()) {
                    heads.add(next);
                }
            }
            Map<String, Map<String, AttributeValue>> items = read(List.copyOf(sortKeyById.keySet()));
            for (Map.Entry<String, String> candidate : sortKeyById.entrySet()) {
                if (kept.size() == limit) {
                    // The next page, continuing after the last one examined, starts with this one.
                    readButNotExamined = true;
                    break;
                }
                examined++;
                lastExamined = candidate.getValue();
                Map<String, AttributeValue> item = items.get(candidate.getKey());
                // Missing: it expired, or it is a marker; an index lags the table.
                if (item != null && item.containsKey(STATUS)
                        && status.map(wanted -> wanted.name().equals(item.get(STATUS).s())).orElse(true)) {
                    kept.add(summary(item));
                }
            }
        }
        return new Scan(kept, lastExamined, readButNotExamined || !heads.isEmpty());
    }

    /**
     * The executions with these ids, as far as they still exist; eventually consistent. Up to
     * {@value #BATCH_GET_KEYS} ids a request, the requests concurrently.
     */
    private Map<String, Map<String, AttributeValue>> read(List<String> ids) {
        Map<String, Map<String, AttributeValue>> found = new ConcurrentHashMap<>();
        List<Runnable> requests = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH_GET_KEYS) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH_GET_KEYS));
            requests.add(() -> readInto(chunk, found));
        }
        runAll(requests);
        return found;
    }

    private void readInto(List<String> ids, Map<String, Map<String, AttributeValue>> found) {
        Map<String, KeysAndAttributes> request = Map.of(tableName, KeysAndAttributes.builder()
                .keys(ids.stream().map(id -> Map.of(ID, AttributeValue.fromS(id))).toList())
                .projectionExpression(SUMMARY_PROJECTION)
                .expressionAttributeNames(SUMMARY_NAMES)
                .build());
        while (!request.isEmpty()) {
            BatchGetItemResponse response = dynamoDb.batchGetItem(
                    BatchGetItemRequest.builder().requestItems(request).build());
            response.responses().getOrDefault(tableName, List.of()).forEach(item -> found.put(item.get(ID).s(), item));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
    }

    private void fillAll(List<Partition> partitions, int items) {
        runAll(partitions.stream().<Runnable>map(partition -> () -> partition.fill(items)).toList());
    }

    /** Runs the work on the listing's threads, or one after another on the caller's when it has none. */
    private void runAll(List<Runnable> work) {
        if (executor == null || work.size() <= 1) {
            work.forEach(Runnable::run);
            return;
        }
        CompletableFuture<?>[] running = work.stream()
                .map(task -> CompletableFuture.runAsync(task, executor))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(running).join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
    }

    private enum Direction {
        NEWEST_FIRST,
        OLDEST_FIRST;

        Comparator<Partition> order(Function<Partition, String> sortKey) {
            Comparator<Partition> oldestFirst = Comparator.comparing(sortKey);
            return this == OLDEST_FIRST ? oldestFirst : oldestFirst.reversed();
        }
    }

    /** One index partition, read in order within the bounds, a request at a time. */
    private final class Partition {

        private final String index;
        private final String keyAttribute;
        private final String key;
        private final String lower;
        private final String upper;
        private final String exclusiveBound;
        private final Optional<String> source;
        private final Direction direction;
        private final Deque<Map<String, AttributeValue>> buffer = new ArrayDeque<>();
        private Map<String, AttributeValue> lastEvaluatedKey;
        private boolean exhausted;
        private int requestItems;

        /**
         * @param exclusiveBound the cursor's sort key, which {@code BETWEEN} would include and the
         *     previous page already examined; {@code null} for none
         * @param source only the executions of this source, filtered in the query
         */
        Partition(String index, String keyAttribute, String key, String lower, String upper, String exclusiveBound,
                Optional<String> source, Direction direction) {
            this.index = index;
            this.keyAttribute = keyAttribute;
            this.key = key;
            this.lower = lower;
            this.upper = upper;
            this.exclusiveBound = exclusiveBound;
            this.source = source;
            this.direction = direction;
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
            requestItems = Math.max(requestItems, items);
            while (!exhausted && buffer.size() < items) {
                QueryResponse response = dynamoDb.query(request());
                for (Map<String, AttributeValue> item : response.items()) {
                    if (!item.get(LIST_SORT).s().equals(exclusiveBound)) {
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
            Map<String, String> names = new HashMap<>(Map.of("#key", keyAttribute, "#sort", LIST_SORT));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(
                    ":key", AttributeValue.fromS(key),
                    ":lower", AttributeValue.fromS(lower),
                    ":upper", AttributeValue.fromS(upper)));
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(index)
                    .keyConditionExpression("#key = :key AND #sort BETWEEN :lower AND :upper")
                    .scanIndexForward(direction == Direction.OLDEST_FIRST)
                    .limit(source.isPresent() ? Math.max(requestItems, FILTERED_PAGE_ITEMS) : requestItems)
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
