package dev.hookline.local.embedded;

import java.net.URI;
import java.time.Duration;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ElasticMQ in this JVM: an SQS endpoint for the AWS CLI and SDKs, and a client for Hookline's functions. */
public final class EmbeddedSqs implements AutoCloseable {

    /** Enough connections for the gateway's workers and every poller's long poll at once. */
    private static final int MAX_CONNECTIONS = 128;

    private final SQSRestServer server;
    private final SqsClient client;
    private final String endpoint;

    private EmbeddedSqs(SQSRestServer server, SqsClient client, String endpoint) {
        this.server = server;
        this.client = client;
        this.endpoint = endpoint;
    }

    /** Starts ElasticMQ on {@code host:port} (0 picks a free port). */
    public static EmbeddedSqs start(String host, int port) {
        int bound = FreePort.resolve(host, port);
        SQSRestServer server = SQSRestServerBuilder
                .withInterface(host)
                .withPort(bound)
                .withServerAddress(new NodeAddress("http", host, bound, ""))
                .withAWSRegion(LocalAws.REGION.id())
                .withAWSAccountId(LocalAws.ACCOUNT_ID)
                .start();
        server.waitUntilStarted();
        String endpoint = "http://" + host + ":" + bound;
        SqsClient client = SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(LocalAws.REGION)
                .credentialsProvider(LocalAws.CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
        return new EmbeddedSqs(server, client, endpoint);
    }

    public SqsClient client() {
        return client;
    }

    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
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
