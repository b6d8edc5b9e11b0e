package dev.hookline.local.console;

import static dev.hookline.local.RunningHookline.FORWARD_SECRET;
import static dev.hookline.local.RunningHookline.recordId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import dev.hookline.local.RunningHookline;
import dev.hookline.processor.action.ForwardTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console in a real headless Chromium (Debian's, driven by playwright-core from
 * {@code src/test/browser/console.spec.mjs}) over Hookline on the embedded stand-ins: a completed and
 * a failed webhook are listed with their timelines, the status filter narrows the list, and the
 * failed one, replayed from the dead-letter page once its target is back, completes in round 2. The
 * script saves a screenshot of each page under {@code target/console-screenshots}.
 */
class ConsoleBrowserEndToEndTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String RETRY_ONCE = "{ maxAttempts: 1, initialDelaySeconds: 1, jitter: none }";

    private static final ForwardTarget billing = ForwardTarget.accepting();
    private static final ForwardTarget shipping = ForwardTarget.answering((id, attempt) -> 503);
    private static LocalRuntime runtime;
    private static RunningHookline hookline;
    private static ConsoleServer console;

    @BeforeAll
    static void startHooklineAndConsole() throws IOException {
        Path sources = Files.createTempFile("hookline-console-sources", ".yaml");
        Files.writeString(sources, """
                sources:
                  billing: { scheme: none, action: forward, forwardUrl: "%s", forwardSecret: %s, exposePayload: true }
                  shipping: { scheme: none, action: forward, forwardUrl: "%s", forwardSecret: %s, retry: %s }
                """.formatted(billing.url(), FORWARD_SECRET, shipping.url(), FORWARD_SECRET, RETRY_ONCE));
        runtime = LocalRuntime.start(LocalOptions.onFreePorts()
                .withSourcesFile(sources)
                .withParameters(Map.of("MaxReceiveCount", "1")));
        hookline = new RunningHookline(runtime, DEADLINE);
        console = ConsoleServer.start("127.0.0.1", 0, ConsoleData.of(runtime));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        billing.close();
        shipping.close();
    }

    @Test
    void anOperatorSeesBothWebhooksFiltersByStatusAndReplaysTheFailedOneToCompletionInRoundTwo() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no Chromium at " + CHROMIUM
                + "; install it with `apt-get install -y --no-install-recommends chromium` (.ci/run does)");
        String completed = hookline.accepted("billing", "{\"type\":\"order\",\"orderId\":\"INV-7\"}");
        String failed = hookline.accepted("shipping", "{\"type\":\"order\",\"orderId\":\"P-3\"}");
        assertThat(hookline.awaitFinished(completed).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(hookline.awaitFinished(failed).get("status").asText()).isEqualTo("FAILED");
        assertThat(hookline.awaitDeadLettered(failed)).as("the failed webhook reaches the DLQ").isTrue();
        shipping.answer((id, attempt) -> 200);

        Path log = Path.of("target", "console-browser.log");
        ProcessBuilder scenario = new ProcessBuilder("node",
                Path.of("src", "test", "browser", "console.spec.mjs").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        scenario.environment().putAll(Map.of("CONSOLE_URL", console.url(), "COMPLETED_TOKEN", completed,
                "FAILED_TOKEN", failed, "SCREENSHOTS", Path.of("target", "console-screenshots").toString()));
        Process browser = scenario.start();
        boolean finished = browser.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            browser.destroyForcibly();
        }
        assertThat(finished && browser.exitValue() == 0).as(() -> "the browser scenario passed:\n" + read(log))
                .isTrue();

        ExecutionRecord record = new ExecutionStore(runtime.clients().dynamoDb(),
                runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE)).find(recordId(failed)).orElseThrow();
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(record.round()).isEqualTo(2);
    }

    @Test
    void aReplayFromAnotherOriginOrWithoutTheSessionHeaderIsRefusedWith403() throws Exception {
        HttpResponse<String> page = hookline.http().send(HttpRequest.newBuilder(URI.create(console.url() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).contains("SameSite=Strict");
        String session = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));

        for (List<String> headers : List.of(
                List.of("Origin", "http://evil.example", "Cookie", SessionGuard.cookieName(console.port()) + "=" + session,
                        SessionGuard.HEADER, session),
                List.of("Origin", console.url(), "Cookie", SessionGuard.cookieName(console.port()) + "=" + session),
                List.of("Origin", console.url(), "Cookie", SessionGuard.cookieName(console.port()) + "=forged",
                        SessionGuard.HEADER, "forged"))) {
            HttpResponse<String> refused = hookline.http().send(HttpRequest.newBuilder(
                            URI.create(console.url() + "/api/dlq/replay"))
                    .headers(headers.toArray(String[]::new))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"all\":true}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as(headers.toString()).isEqualTo(403);
            JsonNode error = Json.tree(refused.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("forbidden");
            assertThat(error.get("message").asText()).isNotBlank();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException unreadable) {
            return "(no log: " + unreadable.getMessage() + ")";
        }
    }
}
