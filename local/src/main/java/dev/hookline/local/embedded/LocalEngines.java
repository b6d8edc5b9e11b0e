package dev.hookline.local.embedded;

import dev.hookline.dynalite.DynaliteServer;
import dev.hookline.events.config.AwsClients;
import dev.hookline.events.queue.SqsRequestMeter;
import dev.hookline.events.queue.SqsRequests;
import dev.hookline.events.store.WriteCountingClient;
import dev.hookline.events.store.capacity.CapacityMeter;
import dev.hookline.events.store.capacity.MeteredCapacity;
import dev.hookline.local.DataDirectory;
import dev.hookline.local.LocalOptions;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The stand-ins for DynamoDB and SQS, started together: dynalite as a child process, ElasticMQ in
 * this JVM, both in memory or both persisting to one locked data directory.
 */
public final class LocalEngines implements AutoCloseable {

    private final DataDirectory dataDirectory;
    private final DynaliteServer dynamoDb;
    private final DynamoDbClient dynamoDbClient;
    private final EmbeddedSqs sqs;
    private final LongAdder writes;
    private final CapacityMeter capacityMeter;
    private final SqsRequestMeter sqsRequests;
    private final AwsClients clients;

    private LocalEngines(DataDirectory dataDirectory, DynaliteServer dynamoDb, EmbeddedSqs sqs,
            boolean capacityMetering) {
        this.dataDirectory = dataDirectory;
        this.dynamoDb = dynamoDb;
        this.dynamoDbClient = dynamoDb.newClient();
        this.sqs = sqs;
        this.writes = new LongAdder();
        this.capacityMeter = capacityMetering ? new CapacityMeter(dynamoDbClient) : null;
        this.sqsRequests = new SqsRequestMeter(sqs.client());
        DynamoDbClient metered = capacityMeter != null ? capacityMeter.client() : dynamoDbClient;
        this.clients = AwsClients.of(WriteCountingClient.wrap(metered, writes), sqsRequests.client());
    }

    /** Starts both engines side by side; if one cannot start, the other is stopped again. */
    public static LocalEngines start(LocalOptions options) {
        DataDirectory directory = options.dataDirectory() == null ? null : DataDirectory.open(options.dataDirectory());
        CompletableFuture<DynaliteServer> dynamoDb = CompletableFuture.supplyAsync(() -> directory == null
                ? DynaliteServer.inMemory(options.host(), options.dynamoDbPort())
                : DynaliteServer.persistent(options.host(), options.dynamoDbPort(), directory.dynamoDb()));
        EmbeddedSqs sqs;
        try {
            sqs = directory == null
                    ? EmbeddedSqs.inMemory(options.host(), options.sqsPort())
                    : EmbeddedSqs.persistent(options.host(), options.sqsPort(), directory.sqs());
        } catch (RuntimeException sqsFailed) {
            dynamoDb.thenAccept(DynaliteServer::close);
            closeQuietly(directory);
            throw sqsFailed;
        }
        try {
            return new LocalEngines(directory, dynamoDb.join(), sqs, options.capacityMetering());
        } catch (CompletionException dynamoDbFailed) {
            sqs.close();
            closeQuietly(directory);
            throw dynamoDbFailed.getCause() instanceof RuntimeException cause ? cause : dynamoDbFailed;
        }
    }

    /** Clients for Hookline's functions; the DynamoDB one counts its writes, the SQS one its requests. */
    public AwsClients clients() {
        return clients;
    }

    public DynaliteServer dynamoDb() {
        return dynamoDb;
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    public Optional<DataDirectory> dataDirectory() {
        return Optional.ofNullable(dataDirectory);
    }

    /** DynamoDB writes sent through {@link #clients()}, refused conditional writes included. */
    public long writes() {
        return writes.sum();
    }

    /** DynamoDB request units counted through {@link #clients()}, when started with capacity metering. */
    public Optional<MeteredCapacity> capacity() {
        return Optional.ofNullable(capacityMeter).map(CapacityMeter::totals);
    }

    /** SQS requests sent through {@link #clients()}, as SQS bills them. */
    public SqsRequests sqsRequests() {
        return sqsRequests.totals();
    }

    @Override
    public void close() {
        try {
            sqs.close();
        } finally {
            dynamoDbClient.close();
            dynamoDb.close();
            closeQuietly(dataDirectory);
        }
    }

    private static void closeQuietly(DataDirectory directory) {
        if (directory != null) {
            directory.close();
        }
    }
}
