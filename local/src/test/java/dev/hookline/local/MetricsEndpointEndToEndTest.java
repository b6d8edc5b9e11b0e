package dev.hookline.local;

import static dev.hookline.local.RunningHookline.forwardingTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.local.gateway.HttpGateway;
import dev.hookline.processor.action.ForwardTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the embedded stand-ins: what the functions' lifecycle events counted, in the
 * Prometheus text format, and the progress line that reads the same counts.
 */
class MetricsEndpointEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final ForwardTarget downTarget = ForwardTarget.answering((id, attempt) -> 503);

    @TempDir
    static Path folder;
    private static LocalRuntime runtime;
    private static RunningHookline hookline;

    @BeforeAll
    static void startHookline() throws IOException {
        Path sources = RunningHookline.sourcesFile(folder, "shop: { scheme: none }", "billing: { scheme: none }",
                "relay: " + forwardingTo(downTarget, "{ maxAttempts: 2, initialDelaySeconds: 1, jitter: none }"));
        runtime = LocalRuntime.start(LocalOptions.onFreePorts().withSourcesFile(sources)
                .withParameters(Map.of("MaxReceiveCount", "3")));
        hookline = new RunningHookline(runtime, DEADLINE);
    }

    @AfterAll
    static void stopHookline() {
        runtime.close();
        downTarget.close();
    }

    @Test
    void metricsCountACompletedARejectedAndAFailedWebhookUnderTheirSourcesAndTheProgressLineSaysTheSame()
            throws Exception {
        String completed = hookline.accepted("shop", "{\"type\":\"order\",\"orderId\":\"M-1\"}");
        String rejected = hookline.accepted("billing", "{\"type\":\"order\"}");
        String failed = hookline.accepted("relay", "{\"type\":\"order\",\"orderId\":\"M-2\"}");
        assertThat(hookline.awaitFinished(completed).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(hookline.awaitFinished(rejected).get("status").asText()).isEqualTo("REJECTED");
        assertThat(hookline.awaitFinished(failed).get("status").asText()).isEqualTo("FAILED");
        assertThat(hookline.awaitDeadLettered(failed)).isTrue();

        HttpResponse<String> scrape = scrape();

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("content-type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body())
                .contains("hookline_webhooks_accepted_total{source=\"shop\"} 1.0\n")
                .contains("hookline_webhooks_accepted_total{source=\"billing\"} 1.0\n")
                .contains("hookline_executions_completed_total{source=\"shop\"} 1.0\n")
                .contains("hookline_executions_rejected_total{source=\"billing\"} 1.0\n")
                .contains("hookline_executions_failed_total{source=\"relay\"} 1.0\n")
                .doesNotContain("hookline_executions_completed_total{source=\"billing\"}")
                .contains("hookline_end_to_end_latency_seconds_count{source=\"shop\"} 1\n")
                .containsPattern("hookline_step_duration_seconds_count\\{source=\"shop\",step=\"\\w+\"} 1\n")
                .containsPattern("hookline_step_retries_total\\{source=\"relay\",step=\"\\w+\"} [1-9]");
        String progress = new ProgressLine(runtime, new PrintStream(new ByteArrayOutputStream())).summary();
        assertThat(progress).contains("accepted 3 · completed 1 · rejected 1 · failed 1 · retries ")
                .contains("| queue 0 · dlq 1");
    }

    @Test
    void scrapesAreNotCountedAmongTheApisResponsesAndOnlyGetIsAllowed() throws Exception {
        long[] before = runtime.gateway().responseCounts();
        scrape();
        assertThat(runtime.gateway().responseCounts()[0]).isEqualTo(before[0]);

        HttpResponse<String> posted = hookline.http().send(HttpRequest.newBuilder(metricsUri())
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.headers().firstValue("allow")).hasValue("GET");
    }

    private static HttpResponse<String> scrape() throws IOException, InterruptedException {
        return hookline.http().send(HttpRequest.newBuilder(metricsUri()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI metricsUri() {
        return URI.create(runtime.gatewayUrl() + HttpGateway.METRICS_PATH);
    }
}
