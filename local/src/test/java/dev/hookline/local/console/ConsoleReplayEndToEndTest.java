package dev.hookline.local.console;

import static dev.hookline.local.RunningHookline.FORWARD_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.json.Json;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's replay as its page calls it, with the session it was given, over Hookline on the
 * embedded stand-ins: a selection sends back only the executions chosen, and a request that names
 * neither a selection nor everything, or both, is refused. (The browser test replays one row.)
 */
class ConsoleReplayEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String RETRY_ONCE = "{ maxAttempts: 1, initialDelaySeconds: 1, jitter: none }";

    private static final ForwardTarget stock = ForwardTarget.answering((id, attempt) -> 503);
    private static LocalRuntime runtime;
    private static RunningHookline hookline;
    private static ConsoleServer console;

    @BeforeAll
    static void startHooklineAndConsole() throws IOException {
        Path sources = Files.createTempFile("hookline-console-replay-sources", ".yaml");
        Files.writeString(sources, """
                sources:
                  stock: { scheme: none, action: forward, forwardUrl: "%s", forwardSecret: %s, retry: %s }
                """.formatted(stock.url(), FORWARD_SECRET, RETRY_ONCE));
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
        stock.close();
    }

    @Test
    void aReplayOfASelectionSendsBackOnlyTheChosenExecutionsWhichCompleteInRoundTwo() throws Exception {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            failed.add(hookline.accepted("stock", "{\"type\":\"order\",\"orderId\":\"S-" + i + "\"}"));
        }
        for (String token : failed) {
            assertThat(hookline.awaitFinished(token).get("status").asText()).isEqualTo("FAILED");
            assertThat(hookline.awaitDeadLettered(token)).as(token + " reaches the DLQ").isTrue();
        }
        stock.answer((id, attempt) -> 200);

        HttpResponse<String> answer = replay(session(),
                "{\"tokens\":[\"" + failed.get(0) + "\",\"" + failed.get(1) + "\"]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = Json.tree(answer.body());
        assertThat(report.get("mode").asText()).isEqualTo("selected");
        assertThat(report.get("replayed")).extracting(letter -> letter.get("executionToken").asText())
                .containsExactlyInAnyOrder(failed.get(0), failed.get(1));
        for (String token : failed.subList(0, 2)) {
            JsonNode status = hookline.awaitFinished(token);
            assertThat(status.get("status").asText()).as(token).isEqualTo("COMPLETED");
            assertThat(status.get("round").asInt()).isEqualTo(2);
        }
        assertThat(hookline.deadLetteredTokens()).as("the one not selected stays")
                .contains(failed.get(2)).doesNotContain(failed.get(0), failed.get(1));
        assertThat(hookline.awaitFinished(failed.get(2)).get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void aReplayNamingBothEverythingAndTokensOrNeitherOrNoJsonIsRefusedWith400() throws Exception {
        String session = session();
        for (String body : List.of("{}", "{\"all\":true,\"tokens\":[\"x\"]}", "not json")) {
            HttpResponse<String> refused = replay(session, body);

            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(Json.tree(refused.body()).at("/error/code").asText()).isEqualTo("invalid_request");
        }
    }

    /** A session value, as the console's page gets it when it loads. */
    private static String session() throws IOException, InterruptedException {
        HttpResponse<String> page = hookline.http().send(HttpRequest.newBuilder(URI.create(console.url() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("set-cookie").orElseThrow();
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    /** A replay request as the console's own page sends it. */
    private static HttpResponse<String> replay(String session, String body) throws IOException, InterruptedException {
        return hookline.http().send(HttpRequest.newBuilder(URI.create(console.url() + "/api/dlq/replay"))
                .header("Origin", console.url())
                .header("Cookie", SessionGuard.cookieName(console.port()) + "=" + session)
                .header(SessionGuard.HEADER, session)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
