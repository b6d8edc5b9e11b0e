package dev.hookline.local.console;

import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.listing.ExecutionListing;
import dev.hookline.local.LocalRuntime;
import dev.hookline.local.dlq.DeadLetterQueue;
import dev.hookline.local.dlq.QueueDepth;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the console reads and replays: the executions table and the two queues, through the
 * operator's clients, exactly as {@code hookline executions} and {@code hookline dlq} reach them.
 * The clients belong to the caller, which closes them.
 */
public final class ConsoleData implements AutoCloseable {

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final String table;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final ExecutionStore store;
    private final ExecutionListing listing;
    private final DeadLetterQueue deadLetterQueue;

    public ConsoleData(DynamoDbClient dynamoDb, SqsClient sqs, String table, String queueUrl,
            String deadLetterQueueUrl) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.table = table;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.store = new ExecutionStore(dynamoDb, table);
        this.listing = new ExecutionListing(dynamoDb, table);
        this.deadLetterQueue = new DeadLetterQueue(sqs, deadLetterQueueUrl, queueUrl, store);
    }

    /** The data of a stack running on this machine: its clients, its table and its two queues. */
    public static ConsoleData of(LocalRuntime runtime) {
        return new ConsoleData(runtime.clients().dynamoDb(), runtime.clients().sqs(),
                runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE),
                runtime.resources().queueUrl("WebhookQueue"), runtime.resources().queueUrl("WebhookDeadLetterQueue"));
    }

    /**
     * Reads the table's description and both queues' depth once, so a wrong endpoint, name or
     * credential shows when the console starts rather than on its first page.
     */
    public void probe() {
        dynamoDb.describeTable(describe -> describe.tableName(table));
        webhookQueueDepth();
        deadLetterQueue.depth();
    }

    ExecutionStore store() {
        return store;
    }

    ExecutionListing listing() {
        return listing;
    }

    DeadLetterQueue deadLetterQueue() {
        return deadLetterQueue;
    }

    String queueUrl() {
        return queueUrl;
    }

    String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    QueueDepth webhookQueueDepth() {
        return QueueDepth.of(sqs, queueUrl);
    }

    /** Stops the listing's threads; the clients stay open for their owner. */
    @Override
    public void close() {
        listing.close();
    }
}
