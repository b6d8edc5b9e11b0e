package dev.hookline.local.cli;

import dev.hookline.events.store.ExecutionStore;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The resolved place of Hookline's table and queues, and the clients to reach them. Credentials come
 * from the AWS default chain; a loopback endpoint with none configured gets {@code local/local},
 * which dynalite and ElasticMQ accept, and region {@code us-east-1}.
 *
 * @param dynamoDbEndpoint empty: AWS's own endpoint for the region
 * @param sqsEndpoint empty: AWS's own endpoint for the region
 * @param queueUrl empty when nothing says where the webhook queue is
 * @param deadLetterQueueUrl empty when nothing says where the dead-letter queue is
 */
public record AwsTarget(
        Optional<URI> dynamoDbEndpoint,
        Optional<URI> sqsEndpoint,
        Optional<String> region,
        String table,
        Optional<String> queueUrl,
        Optional<String> deadLetterQueueUrl) {

    static final Region LOCAL_REGION = Region.US_EAST_1;
    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), dynamoDbEndpoint)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), sqsEndpoint)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .build();
    }

    public ExecutionStore store(DynamoDbClient client) {
        return new ExecutionStore(client, table);
    }

    public String requireQueueUrl() {
        return queueUrl.orElseThrow(() -> new CommandFailures.UsageException(
                "no webhook queue: give --queue-url or set HOOKLINE_QUEUE_URL (or --sqs-endpoint for a local run)"));
    }

    public String requireDeadLetterQueueUrl() {
        return deadLetterQueueUrl.orElseThrow(() -> new CommandFailures.UsageException(
                "no dead-letter queue: give --dlq-url or set HOOKLINE_DLQ_URL (or --sqs-endpoint for a local run)"));
    }

    /** Whether the URL names this machine (localhost, 127.x, ::1). */
    static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false; // a name other than localhost: not resolved here, so no lookup is made
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    private <B extends AwsClientBuilder<B, C>, C> B configure(B builder, Optional<URI> endpoint) {
        boolean local = endpoint.map(AwsTarget::isLoopback).orElse(false);
        endpoint.ifPresent(builder::endpointOverride);
        builder.region(region.map(Region::of).orElseGet(() -> local ? localRegion() : defaultRegion()));
        builder.credentialsProvider(local ? localCredentials() : DefaultCredentialsProvider.builder().build());
        return builder;
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException none) {
            throw new CommandFailures.UsageException(
                    "no AWS region: give --region or set AWS_REGION (or AWS_DEFAULT_REGION, or a profile's region)");
        }
    }

    private static Region localRegion() {
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return Region.of(value.trim());
            }
        }
        return LOCAL_REGION;
    }

    /**
     * Credentials configured in the environment, system properties or profile file, else the local
     * ones. The instance metadata service is not asked: on a developer's machine it only waits.
     */
    private static AwsCredentialsProvider localCredentials() {
        AwsCredentialsProviderChain configured = AwsCredentialsProviderChain.builder()
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                        SystemPropertyCredentialsProvider.create(), ProfileCredentialsProvider.create())
                .reuseLastProviderEnabled(false)
                .build();
        try {
            configured.resolveCredentials();
            return configured;
        } catch (SdkClientException none) {
            return LOCAL_CREDENTIALS;
        }
    }
}
