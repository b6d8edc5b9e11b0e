package dev.hookline.loadtests.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The least DynamoDB and SQS work a webhook needs, done directly on the same engines, for
 * comparison with Hookline's. Ingest: per webhook one conditional PutItem (the key must not exist)
 * of a record-sized item into a scratch table shaped like the executions table, then one
 * SendMessage of an envelope-sized message to a scratch queue, each client thread one webhook at a
 * time. End to end: the same while as many consumer threads receive batches of 10 and per message
 * make the processor's two conditional UpdateItems (the claim with the first step's checkpoint,
 * then the last step) before one DeleteMessageBatch per batch.
 */
public final class RawPipeline {

    private static final int RECEIVE_BATCH = 10;
    private static final int RECEIVE_WAIT_SECONDS = 1;
    private static final long GIVE_UP_MINUTES = 10;

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final String table;
    private final String queueUrl;
    private final RawExecutionItems items;
    private final String envelope;

    private RawPipeline(DynamoDbClient dynamoDb, SqsClient sqs, String table, String queueUrl, RawExecutionItems items,
            String envelope) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.table = table;
        this.queueUrl = queueUrl;
        this.items = items;
        this.envelope = envelope;
    }

    /**
     * Creates the scratch table (key schema, attributes and global secondary indexes copied from
     * {@code likeTable}) and the scratch queue.
     *
     * @param completedRecord an execution record Hookline completed, whose sizes the raw items take
     * @param envelopeBytes the size of the messages to send
     */
    public static RawPipeline create(DynamoDbClient dynamoDb, SqsClient sqs, String likeTable,
            Map<String, AttributeValue> completedRecord, int envelopeBytes) {
        String table = likeTable + "-raw";
        createLike(dynamoDb, likeTable, table);
        String queueUrl = sqs.createQueue(create -> create.queueName("raw-baseline")).queueUrl();
        String envelope = "{\"padding\":\"" + "x".repeat(Math.max(0, envelopeBytes - 14)) + "\"}";
        return new RawPipeline(dynamoDb, sqs, table, queueUrl, RawExecutionItems.cutFrom(completedRecord), envelope);
    }

    /** Put and send only; returns webhooks per second. */
    public double ingest(int webhooks, int clients, String runId) throws Exception {
        long started = System.nanoTime();
        runAll(clients, producers(webhooks, clients, runId));
        return webhooks / seconds(started);
    }

    /** Put and send, receive, claim, complete and delete; returns webhooks per second, all of them deleted. */
    public double endToEnd(int webhooks, int clients, String runId) throws Exception {
        AtomicInteger settled = new AtomicInteger();
        AtomicLong lastSettled = new AtomicLong();
        List<Runnable> work = new ArrayList<>(producers(webhooks, clients, runId));
        for (int c = 0; c < clients; c++) {
            work.add(() -> {
                while (settled.get() < webhooks) {
                    if (settled.addAndGet(consumeOneBatch()) >= webhooks) {
                        lastSettled.compareAndSet(0, System.nanoTime());
                    }
                }
            });
        }
        long started = System.nanoTime();
        runAll(work.size(), work);
        // Not when the threads end: the others may still sit in a receive's wait, which is no work.
        return webhooks / ((lastSettled.get() - started) / 1e9);
    }

    private List<Runnable> producers(int webhooks, int clients, String runId) {
        AtomicInteger next = new AtomicInteger();
        List<Runnable> producers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            producers.add(() -> {
                for (int i = next.getAndIncrement(); i < webhooks; i = next.getAndIncrement()) {
                    String id = runId + "-" + i;
                    dynamoDb.putItem(put -> put.tableName(table).item(items.startedWithId(id))
                            .conditionExpression("attribute_not_exists(id)"));
                    sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(envelope)
                            .messageAttributes(Map.of("recordId", MessageAttributeValue.builder()
                                    .dataType("String").stringValue(id).build())));
                }
            });
        }
        return producers;
    }

    private int consumeOneBatch() {
        List<Message> batch = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                .maxNumberOfMessages(RECEIVE_BATCH).waitTimeSeconds(RECEIVE_WAIT_SECONDS)
                .messageAttributeNames("All")).messages();
        if (batch.isEmpty()) {
            return 0;
        }
        List<DeleteMessageBatchRequestEntry> deletions = new ArrayList<>();
        for (Message message : batch) {
            String id = message.messageAttributes().get("recordId").stringValue();
            claimWithFirstStep(id);
            completeWithLastStep(id);
            deletions.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(deletions.size())).receiptHandle(message.receiptHandle()).build());
        }
        sqs.deleteMessageBatch(delete -> delete.queueUrl(queueUrl).entries(deletions));
        return batch.size();
    }

    private void claimWithFirstStep(String id) {
        dynamoDb.updateItem(update -> update.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET #status = :processing, leaseOwner = :owner,"
                        + " leaseUntil = :until, checkpoints = :first, history = list_append(history, :entry)")
                .conditionExpression("#status = :started")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":processing", AttributeValue.fromS("PROCESSING"),
                        ":started", AttributeValue.fromS("STARTED"),
                        ":owner", AttributeValue.fromS(id + "-owner"),
                        ":until", AttributeValue.fromN(Long.toString(System.currentTimeMillis() + 60_000)),
                        ":first", AttributeValue.fromL(items.firstCheckpoint()),
                        ":entry", AttributeValue.fromL(List.of(items.historyEntry())))));
    }

    private void completeWithLastStep(String id) {
        dynamoDb.updateItem(update -> update.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET #status = :completed, #result = :result,"
                        + " checkpoints = list_append(checkpoints, :later), history = list_append(history, :entry)"
                        + " REMOVE leaseOwner, leaseUntil")
                .conditionExpression("leaseOwner = :owner")
                .expressionAttributeNames(Map.of("#status", "status", "#result", "result"))
                .expressionAttributeValues(Map.of(
                        ":completed", AttributeValue.fromS("COMPLETED"),
                        ":result", items.result(),
                        ":owner", AttributeValue.fromS(id + "-owner"),
                        ":later", AttributeValue.fromL(items.laterCheckpoints()),
                        ":entry", AttributeValue.fromL(List.of(items.historyEntry())))));
    }

    private static void runAll(int threads, List<Runnable> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            work.forEach(task -> running.add(pool.submit(task)));
            for (Future<?> task : running) {
                task.get(GIVE_UP_MINUTES, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void createLike(DynamoDbClient dynamoDb, String source, String table) {
        TableDescription like = dynamoDb.describeTable(describe -> describe.tableName(source)).table();
        dynamoDb.createTable(CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(like.attributeDefinitions())
                .keySchema(like.keySchema())
                .globalSecondaryIndexes(like.globalSecondaryIndexes().stream()
                        .map(index -> GlobalSecondaryIndex.builder().indexName(index.indexName())
                                .keySchema(index.keySchema()).projection(index.projection()).build())
                        .toList())
                .build());
        while (dynamoDb.describeTable(describe -> describe.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
            Thread.onSpinWait();
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
