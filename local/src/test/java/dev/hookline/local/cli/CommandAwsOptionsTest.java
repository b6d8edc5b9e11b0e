package dev.hookline.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Where {@code hookline executions} and {@code hookline dlq} look for the table and the queues. */
class CommandAwsOptionsTest {

    @Test
    void withNothingConfiguredEverythingPointsAtALocalHooklineServe() {
        AwsTarget target = parse().resolve(Map.of());

        assertThat(target.dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(target.sqsEndpoint()).contains(URI.create("http://127.0.0.1:9324"));
        assertThat(target.table()).isEqualTo("ExecutionsTable");
        assertThat(target.queueUrl()).contains("http://127.0.0.1:9324/000000000000/WebhookQueue");
        assertThat(target.deadLetterQueueUrl()).contains("http://127.0.0.1:9324/000000000000/WebhookDeadLetterQueue");
    }

    @Test
    void theFunctionsEnvironmentVariablesNameADeploymentOnAwssOwnEndpoints() {
        AwsTarget target = parse().resolve(Map.of(
                "HOOKLINE_EXECUTIONS_TABLE", "hookline-prod-executions",
                "HOOKLINE_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/hookline-webhooks",
                "HOOKLINE_DLQ_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/hookline-webhooks-dlq"));

        assertThat(target.dynamoDbEndpoint()).isEmpty();
        assertThat(target.sqsEndpoint()).isEmpty();
        assertThat(target.table()).isEqualTo("hookline-prod-executions");
        assertThat(target.deadLetterQueueUrl())
                .contains("https://sqs.eu-west-1.amazonaws.com/123456789012/hookline-webhooks-dlq");
    }

    @Test
    void flagsWinOverTheEnvironment() {
        AwsTarget target = parse("--table", "mine", "--dlq-url", "https://sqs.us-east-2.amazonaws.com/1/dlq",
                "--region", "us-east-2").resolve(Map.of("HOOKLINE_EXECUTIONS_TABLE", "theirs",
                "HOOKLINE_DLQ_URL", "https://sqs.us-east-2.amazonaws.com/1/other"));

        assertThat(target.table()).isEqualTo("mine");
        assertThat(target.deadLetterQueueUrl()).contains("https://sqs.us-east-2.amazonaws.com/1/dlq");
        assertThat(target.region()).contains("us-east-2");
    }

    @Test
    void oneEndpointServesBothAndNamesTheLocalQueuesOnIt() {
        AwsTarget target = parse("--endpoint-url", "http://127.0.0.1:4566").resolve(Map.of());

        assertThat(target.dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(target.sqsEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(target.deadLetterQueueUrl()).contains("http://127.0.0.1:4566/000000000000/WebhookDeadLetterQueue");
    }

    @Test
    void aLoopbackQueueUrlAloneMeansALocalRunOnThatSqsPort() {
        AwsTarget target = parse("--dlq-url", "http://127.0.0.1:9999/000000000000/WebhookDeadLetterQueue")
                .resolve(Map.of());

        assertThat(target.sqsEndpoint()).contains(URI.create("http://127.0.0.1:9999"));
        assertThat(target.dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(target.queueUrl()).contains("http://127.0.0.1:9999/000000000000/WebhookQueue");
    }

    @Test
    void aDeploymentWithoutAQueueUrlHasNoneRatherThanALocalGuess() {
        AwsTarget target = parse().resolve(Map.of("HOOKLINE_EXECUTIONS_TABLE", "hookline-prod-executions"));

        assertThat(target.queueUrl()).isEqualTo(Optional.empty());
        assertThat(target.deadLetterQueueUrl()).isEmpty();
    }

    private static AwsOptions parse(String... args) {
        AwsOptions options = new AwsOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
