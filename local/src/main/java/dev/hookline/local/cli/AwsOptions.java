package dev.hookline.local.cli;

import dev.hookline.events.config.HooklineSettings;
import dev.hookline.local.LocalOptions;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the operator commands find Hookline's executions table and queues: flags, else the
 * functions' environment variables ({@code HOOKLINE_EXECUTIONS_TABLE}, {@code HOOKLINE_QUEUE_URL},
 * {@code HOOKLINE_DLQ_URL}), else a local {@code hookline serve} on its default ports.
 */
public final class AwsOptions {

    static final String LOCAL_ACCOUNT = "000000000000";
    static final String LOCAL_TABLE = "ExecutionsTable";
    static final String LOCAL_QUEUE = "WebhookQueue";
    static final String LOCAL_DEAD_LETTER_QUEUE = "WebhookDeadLetterQueue";
    static final URI LOCAL_DYNAMODB = URI.create("http://127.0.0.1:" + LocalOptions.DEFAULT_DYNAMODB_PORT);
    static final URI LOCAL_SQS = URI.create("http://127.0.0.1:" + LocalOptions.DEFAULT_SQS_PORT);

    @Option(names = "--endpoint-url", paramLabel = "URL", order = 100,
            description = "One endpoint for both DynamoDB and SQS, as the AWS CLI's --endpoint-url.")
    URI endpoint;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL", order = 101,
            description = "DynamoDB endpoint. Default: --endpoint-url; else AWS, or http://127.0.0.1:8000 when "
                    + "nothing names a deployment (no --table/--queue-url/--dlq-url, no HOOKLINE_* variable).")
    URI dynamoDbEndpoint;

    @Option(names = "--sqs-endpoint", paramLabel = "URL", order = 102,
            description = "SQS endpoint. Default: --endpoint-url; else the origin of a loopback queue URL; else AWS,"
                    + " or http://127.0.0.1:9324 when nothing names a deployment.")
    URI sqsEndpoint;

    @Option(names = "--region", paramLabel = "REGION", order = 103,
            description = "AWS region. Default: the AWS default chain (AWS_REGION, profile); us-east-1 locally.")
    String region;

    @Option(names = "--table", paramLabel = "NAME", order = 104,
            description = "Executions table. Default: $HOOKLINE_EXECUTIONS_TABLE, else " + LOCAL_TABLE + ".")
    String table;

    @Option(names = "--queue-url", paramLabel = "URL", order = 105,
            description = "Webhook queue URL. Default: $HOOKLINE_QUEUE_URL, else the SQS endpoint's /" + LOCAL_ACCOUNT
                    + "/" + LOCAL_QUEUE + ".")
    String queueUrl;

    @Option(names = "--dlq-url", paramLabel = "URL", order = 106,
            description = "Dead-letter queue URL. Default: $HOOKLINE_DLQ_URL, else the SQS endpoint's /"
                    + LOCAL_ACCOUNT + "/" + LOCAL_DEAD_LETTER_QUEUE + ".")
    String deadLetterQueueUrl;

    /** Resolves the options against the process's environment. */
    public AwsTarget resolve() {
        return resolve(System.getenv());
    }

    /** Resolves the options against {@code environment}: flags first, then variables, then local defaults. */
    public AwsTarget resolve(Map<String, String> environment) {
        Optional<String> tableName = first(table, environment.get(HooklineSettings.EXECUTIONS_TABLE));
        Optional<String> queue = first(queueUrl, environment.get(HooklineSettings.WEBHOOK_QUEUE_URL));
        Optional<String> deadLetters = first(deadLetterQueueUrl, environment.get(HooklineSettings.DEAD_LETTER_QUEUE_URL));
        boolean namesADeployment = tableName.isPresent() || queue.isPresent() || deadLetters.isPresent();

        Optional<URI> dynamoDb = Optional.ofNullable(dynamoDbEndpoint).or(() -> Optional.ofNullable(endpoint));
        Optional<URI> sqs = Optional.ofNullable(sqsEndpoint).or(() -> Optional.ofNullable(endpoint))
                .or(() -> queue.or(() -> deadLetters).map(URI::create).filter(AwsTarget::isLoopback)
                        .map(AwsOptions::origin));
        if (!namesADeployment) {
            dynamoDb = dynamoDb.or(() -> Optional.of(LOCAL_DYNAMODB));
            sqs = sqs.or(() -> Optional.of(LOCAL_SQS));
        } else if (dynamoDb.isEmpty() && sqs.filter(AwsTarget::isLoopback).isPresent()) {
            // Queues on this machine mean a local run: its DynamoDB is local too.
            dynamoDb = Optional.of(LOCAL_DYNAMODB);
        }
        Optional<URI> sqsForUrls = sqs;
        return new AwsTarget(dynamoDb, sqs, Optional.ofNullable(region),
                tableName.orElse(LOCAL_TABLE),
                queue.or(() -> sqsForUrls.map(base -> localQueueUrl(base, LOCAL_QUEUE))),
                deadLetters.or(() -> sqsForUrls.map(base -> localQueueUrl(base, LOCAL_DEAD_LETTER_QUEUE))));
    }

    private static String localQueueUrl(URI endpoint, String name) {
        String base = endpoint.toString();
        return (base.endsWith("/") ? base : base + "/") + LOCAL_ACCOUNT + "/" + name;
    }

    private static URI origin(URI url) {
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
    }

    private static Optional<String> first(String flag, String variable) {
        if (flag != null && !flag.isBlank()) {
            return Optional.of(flag.trim());
        }
        return variable == null || variable.isBlank() ? Optional.empty() : Optional.of(variable.trim());
    }
}
