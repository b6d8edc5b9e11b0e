package dev.hookline.local;

import static dev.hookline.local.RunningHookline.FORWARD_SECRET;
import static dev.hookline.local.RunningHookline.forwardingTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import dev.hookline.processor.action.ForwardTarget;
import dev.hookline.processor.action.HangingTarget;
import dev.hookline.processor.action.TargetBreaker;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One source's forward target accepts connections and never answers; the real pipeline on the
 * embedded stand-ins must still finish another source's webhooks promptly: within two of the stuck
 * source's forward timeouts, the time its breaker takes to open and the forwards sent before it did
 * to give up (see {@code TargetBreaker}).
 */
class SlowTargetEndToEndTest {

    private static final int STUCK_WEBHOOKS = 60;
    private static final int HEALTHY_WEBHOOKS = 20;
    /** The stuck source's forward timeout: short, so the test stays short, yet far above a healthy forward. */
    private static final int STUCK_TIMEOUT_SECONDS = 4;
    /**
     * Two of the stuck source's timeouts: one for its first forwards to time out and open its breaker,
     * one for the forwards sent before the first of them timed out; plus 6 s for a loaded machine to
     * work through the queue behind them. Without the breaker it takes a timeout per ten stuck webhooks.
     */
    private static final Duration BOUND = Duration.ofSeconds(2L * STUCK_TIMEOUT_SECONDS + 6);
    /**
     * The processor's worker threads ({@code BatchParallelism}, 10), all of which may be forwarding to
     * the stuck target before anything is known, and one more forward on each thread freed by one of
     * the first four timeouts: the fifth opens the breaker.
     */
    private static final int MOST_FORWARDS_BEFORE_THE_BREAKER_OPENS =
            HooklineSettings.DEFAULT_BATCH_PARALLELISM + TargetBreaker.Settings.DEFAULT.consecutiveTimeouts() - 1;

    private static final HangingTarget stuck = new HangingTarget();
    private static final ForwardTarget healthy = ForwardTarget.accepting();
    private static LocalRuntime runtime;
    private static RunningHookline hookline;

    @BeforeAll
    static void startHookline() throws IOException {
        Path sources = Files.createTempFile("hookline-sources", ".yaml");
        Files.writeString(sources, """
                sources:
                  stuck: { scheme: none, action: forward, forwardUrl: "%s", forwardSecret: %s, \
                forwardTimeoutSeconds: %d, retry: { maxAttempts: 3, initialDelaySeconds: 10, jitter: none } }
                  healthy: %s
                """.formatted(stuck.url(), FORWARD_SECRET, STUCK_TIMEOUT_SECONDS,
                forwardingTo(healthy, "{ maxAttempts: 3, initialDelaySeconds: 1, jitter: none }")));
        runtime = LocalRuntime.start(LocalOptions.onFreePorts().withSourcesFile(sources));
        hookline = new RunningHookline(runtime, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopHookline() {
        runtime.close();
        stuck.close();
        healthy.close();
    }

    @Test
    void aTargetThatNeverAnswersDelaysAnotherSourcesWebhooksByTwoOfItsTimeoutsAtMost() throws Exception {
        acceptAll("stuck", STUCK_WEBHOOKS);
        List<String> healthyTokens = acceptAll("healthy", HEALTHY_WEBHOOKS);

        Duration slowest = Duration.ZERO;
        for (String token : healthyTokens) {
            JsonNode status = hookline.awaitFinished(token);
            assertThat(status.get("status").asText()).as(token).isEqualTo("COMPLETED");
            Duration took = Duration.between(Instant.parse(status.get("receivedAt").asText()), completedAt(status));
            slowest = took.compareTo(slowest) > 0 ? took : slowest;
        }

        assertThat(slowest).as("the slowest of the healthy source's webhooks took %s from ingest to COMPLETED", slowest)
                .isLessThan(BOUND);
        assertThat(stuck.connections()).as("forwards that reached the stuck target")
                .isLessThanOrEqualTo(MOST_FORWARDS_BEFORE_THE_BREAKER_OPENS);
    }

    private static Instant completedAt(JsonNode status) {
        for (JsonNode transition : status.get("history")) {
            if (transition.get("status").asText().equals("COMPLETED")) {
                return Instant.parse(transition.get("at").asText());
            }
        }
        throw new AssertionError("no COMPLETED in the history");
    }

    /** Posts {@code count} webhooks to the source at once and returns their tokens once all are accepted. */
    private static List<String> acceptAll(String source, int count) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            posts.add(hookline.http().sendAsync(hookline.post(source,
                    "{\"type\":\"order\",\"orderId\":\"" + UUID.randomUUID() + "\"}"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> tokens = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            HttpResponse<String> response = post.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            tokens.add(Json.tree(response.body()).get("executionToken").asText());
        }
        return tokens;
    }
}
