package dev.hookline.events.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;

/**
 * The embedded-metric-format documents Lambda's log turns into CloudWatch metrics, written by
 * Powertools as on Lambda (its environment is Lambda's here, not found by probing the machine).
 */
class EmfTelemetryTest {

    private static final EnvironmentProvider ON_LAMBDA = new EnvironmentProvider() {
        @Override
        public CompletableFuture<Environment> resolveEnvironment() {
            return CompletableFuture.completedFuture(new LambdaEnvironment());
        }
    };

    @Test
    void aCompletedExecutionIsCountedAndTimedUnderItsSourceInTheHooklineNamespace() {
        List<JsonNode> documents = written(telemetry -> telemetry.emit(new LifecycleEvent.Finished("github", "r-1",
                ExecutionStatus.COMPLETED, null, Duration.ofMillis(1234))));

        assertThat(documents).hasSize(1);
        JsonNode document = documents.get(0);
        JsonNode directive = document.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("Hookline");
        assertThat(directive.get("Dimensions").toString())
                .as("one dimension set, the function's service with the source: what the dashboard searches")
                .isEqualTo("[[\"Service\",\"Source\"]]");
        assertThat(document.get("Service").asText()).isEqualTo("processor");
        assertThat(document.get("Source").asText()).isEqualTo("github");
        assertThat(document.get("ExecutionsCompleted").asDouble()).isEqualTo(1.0);
        assertThat(document.get("EndToEndLatency").asDouble()).isEqualTo(1234.0);
        assertThat(directive.get("Metrics").toString())
                .contains("{\"Name\":\"ExecutionsCompleted\",\"Unit\":\"Count\"}")
                .contains("{\"Name\":\"EndToEndLatency\",\"Unit\":\"Milliseconds\"}");
        assertThat(document.toString()).doesNotContain("r-1");
    }

    @Test
    void aRefusalIsCountedByErrorCodeAndASignatureFailureAlsoOnItsOwn() {
        List<JsonNode> documents = written(telemetry -> telemetry.emit(
                new LifecycleEvent.Refused("stripe", 401, LifecycleEvent.Refused.INVALID_SIGNATURE)));

        assertThat(documents).hasSize(2);
        JsonNode byCode = documents.stream().filter(document -> document.has("WebhooksRefused")).findFirst()
                .orElseThrow();
        assertThat(byCode.get("ErrorCode").asText()).isEqualTo("invalid_signature");
        assertThat(byCode.get("Source").asText()).isEqualTo("stripe");
        JsonNode signature = documents.stream().filter(document -> document.has("SignatureFailures")).findFirst()
                .orElseThrow();
        assertThat(signature.get("Source").asText()).isEqualTo("stripe");
        assertThat(signature.has("ErrorCode")).isFalse();
    }

    /** The JSON documents written to standard output while {@code emitting} runs. */
    private static List<JsonNode> written(java.util.function.Consumer<EmfTelemetry> emitting) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EmfMetricsLogger metrics = new EmfMetricsLogger(ON_LAMBDA, new MetricsContext());
            // What Powertools sets from POWERTOOLS_SERVICE_NAME, which the template gives every function.
            metrics.setDefaultDimensions(DimensionSet.of("Service", "processor"));
            emitting.accept(new EmfTelemetry(metrics));
        } finally {
            System.setOut(original);
        }
        List<JsonNode> documents = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                documents.add(Json.tree(line));
            }
        }
        return documents;
    }
}
