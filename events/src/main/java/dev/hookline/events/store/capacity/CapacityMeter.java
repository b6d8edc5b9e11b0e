package dev.hookline.events.store.capacity;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the DynamoDB request units that calls through {@link #client()} consume, table and indexes
 * apart, for engines that do not report index units (dynalite reports the table's only). Around
 * every PutItem, UpdateItem and DeleteItem it reads the item before and after with consistent
 * GetItems of its own, which it does not count, and applies DynamoDB's rules: the table by
 * {@link TableShape#tableWriteUnits}, each global secondary index by {@link IndexShape#writeUnits},
 * a refused conditional write by the existing item's size. Writes to one item are metered one at a
 * time so that another writer cannot slip between the reads and the write. Reads take the units
 * the engine reports, or by the rules when it reports none.
 *
 * <p>It doubles a write's round trips and serializes writes to an item: meter short runs, never a
 * throughput measurement or a server.
 */
public final class CapacityMeter {

    private static final int KEY_LOCKS = 64;

    private final DynamoDbClient engine;
    private final DynamoDbClient client;
    private final Map<String, TableShape> shapes = new ConcurrentHashMap<>();
    private final Object[] keyLocks = new Object[KEY_LOCKS];
    private final LongAdder writes = new LongAdder();
    private final LongAdder refusedWrites = new LongAdder();
    private final LongAdder tableWriteUnits = new LongAdder();
    private final LongAdder indexWriteUnits = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final DoubleAdder readUnits = new DoubleAdder();
    private final LongAdder reportedWrites = new LongAdder();
    private final LongAdder reportedTableWriteUnits = new LongAdder();
    private final LongAdder writesReportedDifferently = new LongAdder();
    private final LongAdder unmeteredCalls = new LongAdder();

    /** @param engine the client the metered calls and the meter's own reads go to */
    public CapacityMeter(DynamoDbClient engine) {
        this.engine = engine;
        for (int i = 0; i < KEY_LOCKS; i++) {
            keyLocks[i] = new Object();
        }
        this.client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, this::dispatch);
    }

    /** The metered client: the same calls as the engine's, counted. */
    public DynamoDbClient client() {
        return client;
    }

    public MeteredCapacity totals() {
        return new MeteredCapacity(writes.sum(), refusedWrites.sum(), tableWriteUnits.sum(), indexWriteUnits.sum(),
                reads.sum(), readUnits.sum(), reportedWrites.sum(), reportedTableWriteUnits.sum(),
                writesReportedDifferently.sum(), unmeteredCalls.sum());
    }

    private Object dispatch(Object proxy, Method method, Object[] args) throws Throwable {
        Object request = args != null && args.length == 1 ? args[0] : null;
        // A builder overload builds its request and calls the request overload on the proxy, which
        // meters it; a paginator calls the proxy for each page.
        if (request instanceof Consumer<?> || method.getName().endsWith("Paginator")) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (request instanceof PutItemRequest put) {
            TableShape shape = shape(put.tableName());
            PutItemRequest reporting = put.toBuilder()
                    .returnConsumedCapacity(reportIndexes(put.returnConsumedCapacity())).build();
            return write(shape, shape.keyOf(put.item()), () -> engine.putItem(reporting),
                    PutItemResponse::consumedCapacity);
        }
        if (request instanceof UpdateItemRequest update) {
            UpdateItemRequest reporting = update.toBuilder()
                    .returnConsumedCapacity(reportIndexes(update.returnConsumedCapacity())).build();
            return write(shape(update.tableName()), update.key(), () -> engine.updateItem(reporting),
                    UpdateItemResponse::consumedCapacity);
        }
        if (request instanceof DeleteItemRequest delete) {
            DeleteItemRequest reporting = delete.toBuilder()
                    .returnConsumedCapacity(reportIndexes(delete.returnConsumedCapacity())).build();
            return write(shape(delete.tableName()), delete.key(), () -> engine.deleteItem(reporting),
                    DeleteItemResponse::consumedCapacity);
        }
        if (request instanceof GetItemRequest get) {
            GetItemResponse response = engine.getItem(get.toBuilder()
                    .returnConsumedCapacity(reportTotal(get.returnConsumedCapacity())).build());
            countRead(response.consumedCapacity(),
                    () -> CapacityUnits.read(ItemSize.of(response.item()), isTrue(get.consistentRead())));
            return response;
        }
        if (request instanceof QueryRequest query) {
            QueryResponse response = engine.query(query.toBuilder()
                    .returnConsumedCapacity(reportTotal(query.returnConsumedCapacity())).build());
            countRead(response.consumedCapacity(),
                    () -> CapacityUnits.read(totalSize(response.items()), isTrue(query.consistentRead())));
            return response;
        }
        if (request instanceof ScanRequest scan) {
            ScanResponse response = engine.scan(scan.toBuilder()
                    .returnConsumedCapacity(reportTotal(scan.returnConsumedCapacity())).build());
            countRead(response.consumedCapacity(),
                    () -> CapacityUnits.read(totalSize(response.items()), isTrue(scan.consistentRead())));
            return response;
        }
        if (request instanceof BatchGetItemRequest batch) {
            BatchGetItemResponse response = engine.batchGetItem(batch.toBuilder()
                    .returnConsumedCapacity(reportTotal(batch.returnConsumedCapacity())).build());
            reads.increment();
            response.consumedCapacity().forEach(capacity -> readUnits.add(capacity.capacityUnits()));
            return response;
        }
        if (request instanceof BatchWriteItemRequest || request instanceof TransactWriteItemsRequest) {
            unmeteredCalls.increment();
        }
        try {
            return method.invoke(engine, args);
        } catch (InvocationTargetException failed) {
            throw failed.getCause();
        }
    }

    private <R> R write(TableShape shape, Map<String, AttributeValue> key, Supplier<R> send,
            Function<R, ConsumedCapacity> reported) {
        synchronized (keyLocks[Math.floorMod((shape.name() + key).hashCode(), KEY_LOCKS)]) {
            Map<String, AttributeValue> before = current(shape, key);
            R response;
            try {
                response = send.get();
            } catch (ConditionalCheckFailedException refused) {
                writes.increment();
                refusedWrites.increment();
                tableWriteUnits.add(CapacityUnits.write(ItemSize.of(before)));
                throw refused;
            }
            Map<String, AttributeValue> after = current(shape, key);
            long tableUnits = shape.tableWriteUnits(before, after);
            writes.increment();
            tableWriteUnits.add(tableUnits);
            indexWriteUnits.add(shape.indexWriteUnits(before, after));
            ConsumedCapacity capacity = reported.apply(response);
            if (capacity != null && capacity.capacityUnits() != null) {
                double reportedUnits = capacity.table() != null && capacity.table().capacityUnits() != null
                        ? capacity.table().capacityUnits()
                        : capacity.capacityUnits();
                reportedWrites.increment();
                reportedTableWriteUnits.add(Math.round(reportedUnits));
                if (reportedUnits != tableUnits) {
                    writesReportedDifferently.increment();
                }
            }
            return response;
        }
    }

    private Map<String, AttributeValue> current(TableShape shape, Map<String, AttributeValue> key) {
        GetItemResponse response = engine.getItem(get -> get.tableName(shape.name()).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    private void countRead(ConsumedCapacity reported, Supplier<Double> byRules) {
        reads.increment();
        readUnits.add(reported != null && reported.capacityUnits() != null ? reported.capacityUnits() : byRules.get());
    }

    private TableShape shape(String table) {
        return shapes.computeIfAbsent(table, name -> TableShape.describe(engine, name));
    }

    /** The caller's own choice wins; otherwise ask for the most the engine reports. */
    private static ReturnConsumedCapacity reportIndexes(ReturnConsumedCapacity asked) {
        return asked != null && asked != ReturnConsumedCapacity.NONE ? asked : ReturnConsumedCapacity.INDEXES;
    }

    private static ReturnConsumedCapacity reportTotal(ReturnConsumedCapacity asked) {
        return asked != null && asked != ReturnConsumedCapacity.NONE ? asked : ReturnConsumedCapacity.TOTAL;
    }

    private static long totalSize(List<Map<String, AttributeValue>> items) {
        return items.stream().mapToLong(ItemSize::of).sum();
    }

    private static boolean isTrue(Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }
}
