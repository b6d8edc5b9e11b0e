package dev.hookline.local.embedded;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ in this JVM: an SQS endpoint for the AWS CLI and SDKs, and a client for Hookline's
 * functions. Persistent, it keeps queues and messages (in flight ones with their visibility) in an
 * H2 database, written before each request is answered, so a kill -9 loses nothing acknowledged.
 *
 * <p>ElasticMQ 1.6.16 opens its database through one JVM-wide connection pool, so one JVM can
 * persist to one directory only; a second, different one is refused rather than silently shared.
 * Its restore of persisted queues runs after start-up returns and would collide with a queue
 * created meanwhile, so a persistent start waits until every persisted message is back.
 */
public final class EmbeddedSqs implements AutoCloseable {

    /** Enough connections for the gateway's workers and every poller's long poll at once. */
    private static final int MAX_CONNECTIONS = 128;
    private static final Duration RESTORE_WITHIN = Duration.ofSeconds(30);
    private static final AtomicReference<Path> PERSISTED_IN = new AtomicReference<>();

    private final scala.Function0<?> stop;
    private final SqsClient client;
    private final String endpoint;
    private final long restoredMessages;

    private EmbeddedSqs(scala.Function0<?> stop, SqsClient client, String endpoint, long restoredMessages) {
        this.stop = stop;
        this.client = client;
        this.endpoint = endpoint;
        this.restoredMessages = restoredMessages;
    }

    /** Starts ElasticMQ in memory on {@code host:port} (0 picks a free port). */
    public static EmbeddedSqs inMemory(String host, int port) {
        return start(host, port, null);
    }

    /** Starts ElasticMQ on {@code host:port}, keeping queues and messages in {@code directory}. */
    public static EmbeddedSqs persistent(String host, int port, Path directory) {
        Path database = directory.toAbsolutePath().normalize();
        if (!PERSISTED_IN.compareAndSet(null, database) && !PERSISTED_IN.get().equals(database)) {
            throw new IllegalStateException("ElasticMQ already persists to " + PERSISTED_IN.get()
                    + " in this JVM; it cannot also persist to " + database);
        }
        return start(host, port, database);
    }

    private static EmbeddedSqs start(String host, int port, Path directory) {
        int bound = FreePort.resolve(host, port);
        Map<String, Object> settings = new HashMap<>();
        settings.put("node-address.protocol", "http");
        settings.put("node-address.host", host);
        settings.put("node-address.port", bound);
        settings.put("node-address.context-path", "");
        settings.put("generate-node-address", false);
        settings.put("rest-sqs.enabled", true);
        settings.put("rest-sqs.bind-port", bound);
        settings.put("rest-sqs.bind-hostname", host);
        settings.put("rest-sqs.sqs-limits", "strict");
        settings.put("rest-stats.enabled", false);
        settings.put("aws.region", LocalAws.REGION.id());
        settings.put("aws.accountId", LocalAws.ACCOUNT_ID);
        settings.put("queues-storage.enabled", false);
        settings.put("messages-storage.enabled", directory != null);
        Persisted persisted = Persisted.NOTHING;
        if (directory != null) {
            String uri = jdbcUri(directory);
            settings.put("messages-storage.uri", uri);
            settings.put("messages-storage.driver-class", "org.h2.Driver");
            settings.put("messages-storage.prune-data-on-init", false);
            persisted = Persisted.read(directory, uri);
        }
        Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
        scala.Function0<?> stop = new ElasticMQServer(new ElasticMQServerConfig(config)).start();
        String endpoint = "http://" + host + ":" + bound;
        SqsClient client = SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
        EmbeddedSqs sqs = new EmbeddedSqs(stop, client, endpoint, persisted.messages());
        if (persisted.queues() > 0) {
            sqs.awaitRestored(persisted);
        }
        return sqs;
    }

    public SqsClient client() {
        return client;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Messages found in the data directory at start-up, every queue's together. */
    public long restoredMessages() {
        return restoredMessages;
    }

    @Override
    public void close() {
        client.close();
        stop.apply();
    }

    private void awaitRestored(Persisted expected) {
        long giveUpAt = System.nanoTime() + RESTORE_WITHIN.toNanos();
        while (client.listQueues().queueUrls().size() < expected.queues() || messagesHeld() < expected.messages()) {
            if (System.nanoTime() > giveUpAt) {
                close();
                throw new IllegalStateException("ElasticMQ did not restore the " + expected.queues() + " queues and "
                        + expected.messages() + " messages its database holds within "
                        + RESTORE_WITHIN.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ElasticMQ restored its queues");
            }
        }
    }

    private long messagesHeld() {
        long held = 0;
        for (String queueUrl : client.listQueues().queueUrls()) {
            Map<QueueAttributeName, String> counts = client.getQueueAttributes(get -> get.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            for (String count : counts.values()) {
                held += Long.parseLong(count);
            }
        }
        return held;
    }

    /**
     * WRITE_DELAY=0 writes each commit to the file before it returns, so what ElasticMQ acknowledged
     * survives the process being killed (with H2's default 500 ms, a halt right after 2,000 sends
     * lost 178 of them here; with this, none in three tries). That also stops H2's background
     * housekeeping, and its default 45 s retention of freed space then let the file grow to 1 GB
     * over 10,000 messages; RETENTION_TIME=0 reuses freed space at once (102 MB at the peak,
     * 28 KB once closed). Retention guards against power loss, which a local runtime can accept.
     */
    private static String jdbcUri(Path directory) {
        return "jdbc:h2:" + directory.resolve("elasticmq") + ";WRITE_DELAY=0;RETENTION_TIME=0";
    }

    /** What ElasticMQ's database held before it started: its {@code queue} table and one {@code message_*} table a queue. */
    private record Persisted(long queues, long messages) {

        static final Persisted NOTHING = new Persisted(0, 0);

        static Persisted read(Path directory, String uri) {
            if (!Files.exists(directory.resolve("elasticmq.mv.db"))) {
                return NOTHING;
            }
            try (Connection connection = DriverManager.getConnection(uri);
                    Statement statement = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet names = statement.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE TABLE_SCHEMA = 'PUBLIC' AND (TABLE_NAME = 'QUEUE' OR TABLE_NAME LIKE 'MESSAGE\\_%')")) {
                    while (names.next()) {
                        tables.add(names.getString(1));
                    }
                }
                long queues = 0;
                long messages = 0;
                for (String table : tables) {
                    try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
                        count.next();
                        if (table.equals("QUEUE")) {
                            queues = count.getLong(1);
                        } else {
                            messages += count.getLong(1);
                        }
                    }
                }
                return new Persisted(queues, messages);
            } catch (SQLException unreadable) {
                throw new IllegalStateException("cannot read ElasticMQ's database in " + directory + ": "
                        + unreadable.getMessage(), unreadable);
            }
        }
    }

    /** The region, account and credentials every local endpoint accepts. */
    static final class LocalAws {
        static final Region REGION = Region.US_EAST_1;
        static final String ACCOUNT_ID = "000000000000";
        static final StaticCredentialsProvider CREDENTIALS =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

        private LocalAws() {
        }
    }
}
