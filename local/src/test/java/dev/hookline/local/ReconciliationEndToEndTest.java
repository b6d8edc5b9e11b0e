package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.RecordingSqs;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.ingest.IncomingWebhook;
import dev.hookline.ingest.IngestResult;
import dev.hookline.ingest.IngestService;
import dev.hookline.ingest.source.Sources;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accepted webhooks whose messages are gone reach COMPLETED through the reconciler, on the embedded
 * stand-ins with the template's ReconcilerFunction on a fast schedule and a short threshold.
 */
class ReconciliationEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path folder;
    private static LocalRuntime runtime;
    private static RunningHookline hookline;

    @BeforeAll
    static void start() throws Exception {
        runtime = LocalRuntime.start(LocalOptions.onFreePorts()
                .withSourcesFile(RunningHookline.sourcesFile(folder, "plain: { scheme: none }"))
                .withParameters(Map.of("ReconcileAfterSeconds", "2"))
                .withScheduleInterval(Duration.ofSeconds(1)));
        hookline = new RunningHookline(runtime, DEADLINE);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void webhooksAcceptedWhileTheirMessagesWereLostReachCompleted() throws Exception {
        // Ingest as the function runs it, on the runtime's table, with a queue that loses every message.
        ExecutionStore store = new ExecutionStore(runtime.clients().dynamoDb(),
                runtime.resources().tableName("ExecutionsTable"));
        RecordingSqs lost = new RecordingSqs();
        List<String> tokens = new ArrayList<>();
        try (IngestService ingest = new IngestService(Sources.parse("sources:\n  plain: { scheme: none }\n"), store,
                new WebhookQueue(lost.client(), "http://lost.local/queue"), HooklineSettings.from(Map.of()),
                Clock.systemUTC(), new SecureRandom(), Telemetry.NONE)) {
            for (int i = 0; i < 20; i++) {
                IngestResult result = ingest.accept(new IncomingWebhook("plain",
                        Map.of("content-type", "application/json"),
                        ("{\"type\":\"order\",\"orderId\":\"L-" + i + "\"}").getBytes(StandardCharsets.UTF_8), null));
                tokens.add(((IngestResult.Accepted) result).token().value());
            }
        }
        assertThat(lost.sentBodies).hasSize(20);

        for (String token : tokens) {
            assertThat(hookline.awaitFinished(token).get("status").asText()).isEqualTo("COMPLETED");
            assertThat(store.find(RunningHookline.recordId(token)).orElseThrow().requeued().count()).isEqualTo(1);
        }
    }

    @Test
    void webhooksAcknowledgedBeforeTheQueueWasPurgedReachCompleted() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> posts = IntStream.range(0, 200)
                .mapToObj(i -> hookline.http().sendAsync(hookline.post("plain",
                        "{\"type\":\"order\",\"orderId\":\"P-" + i + "\"}"), HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<String> tokens = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            HttpResponse<String> response = post.get();
            assertThat(response.statusCode()).isEqualTo(202);
            tokens.add(Json.tree(response.body()).get("executionToken").asText());
        }
        runtime.clients().sqs().purgeQueue(purge -> purge.queueUrl(runtime.resources().queueUrl("WebhookQueue")));

        for (String token : tokens) {
            assertThat(hookline.awaitFinished(token).get("status").asText()).as(token).isEqualTo("COMPLETED");
        }
    }
}
