package dev.hookline.local;

import static dev.hookline.local.RunningHookline.forwardingTo;
import static dev.hookline.local.RunningHookline.recordId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.json.Json;
import dev.hookline.processor.action.ForwardTarget;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The durable processor on the embedded stand-ins, against real forward targets that fail on
 * purpose: retries with backoff through the queue, failures that end in the dead-letter queue,
 * rejections that never do, and a thousand webhooks of which a tenth fail once.
 */
class DurableProcessingEndToEndTest {

    private static final int MAX_RECEIVES = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static final ForwardTarget failsTwice = ForwardTarget.answering((id, attempt) -> attempt <= 2 ? 503 : 200);
    private static final ForwardTarget alwaysDown = ForwardTarget.answering((id, attempt) -> 503);
    private static final ForwardTarget failsATenthOnce =
            ForwardTarget.answering((id, attempt) -> failsOnce(id) && attempt == 1 ? 503 : 200);
    private static LocalRuntime runtime;
    private static RunningHookline hookline;
    private static HttpClient http;

    @BeforeAll
    static void startHookline() throws IOException {
        Path sources = Files.createTempFile("hookline-sources", ".yaml");
        Files.writeString(sources, """
                sources:
                  twice: %s
                  down: %s
                  tenth: %s
                """.formatted(
                forwardingTo(failsTwice, "{ maxAttempts: 5, initialDelaySeconds: 1, backoffRate: 2, jitter: none }"),
                forwardingTo(alwaysDown, "{ maxAttempts: 2, initialDelaySeconds: 1, jitter: none }"),
                forwardingTo(failsATenthOnce, "{ maxAttempts: 3, initialDelaySeconds: 1, jitter: none }")));
        runtime = LocalRuntime.start(LocalOptions.onFreePorts()
                .withSourcesFile(sources)
                .withParameters(Map.of("MaxReceiveCount", Integer.toString(MAX_RECEIVES))));
        hookline = new RunningHookline(runtime, DEADLINE);
        http = hookline.http();
    }

    @AfterAll
    static void stopHookline() {
        runtime.close();
        List.of(failsTwice, alwaysDown, failsATenthOnce).forEach(ForwardTarget::close);
    }

    @Test
    void aTargetThatFailsTwiceThenRecoversCompletesOnTheThirdAttemptAfterTheBackoff() throws Exception {
        String token = hookline.accepted("twice", "{\"type\":\"order\",\"orderId\":\"B-1\"}");

        JsonNode status = hookline.awaitFinished(token);

        assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
        List<Instant> arrivals = failsTwice.arrivals(recordId(token));
        assertThat(arrivals).hasSize(3);
        assertThat(Duration.between(arrivals.get(0), arrivals.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(arrivals.get(1), arrivals.get(2))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(status.get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void aTargetThatAlwaysFailsEndsFailedWithItsMessageInTheDeadLetterQueueAndNothingElseAffected()
            throws Exception {
        String failing = hookline.accepted("down", "{\"type\":\"order\",\"orderId\":\"B-2\"}");
        String healthy = hookline.accepted("twice", "{\"type\":\"order\",\"orderId\":\"B-3\"}");

        JsonNode failed = hookline.awaitFinished(failing);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.at("/error/code").asText()).isEqualTo("forward_failed");
        assertThat(failed.at("/error/message").asText()).contains("503");
        assertThat(alwaysDown.arrivals(recordId(failing))).hasSize(2);
        assertThat(hookline.awaitDeadLettered(failing)).as("the failed execution's message reaches the DLQ").isTrue();
        assertThat(hookline.awaitFinished(healthy).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(hookline.deadLetteredTokens()).doesNotContain(healthy);
    }

    @Test
    void anInvalidOrderIsRejectedWithItsReasonsAndNeverReachesTheDeadLetterQueue() throws Exception {
        String token = hookline.accepted("twice", "{\"type\":\"order\",\"orderId\":\"\"}");

        JsonNode status = hookline.awaitFinished(token);

        assertThat(status.get("status").asText()).isEqualTo("REJECTED");
        assertThat(status.at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(status.at("/error/message").asText()).contains("orderId");
        hookline.awaitQueueIdle();
        assertThat(hookline.deadLetteredTokens()).doesNotContain(token);
        assertThat(failsTwice.arrivals(recordId(token))).isEmpty();
    }

    @Test
    void aThousandWebhooksWithATenthFailingOnceAllCompleteAndNoneIsLost() throws Exception {
        long writesBefore = runtime.dynamoDbWrites();
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            inFlight.acquire();
            posts.add(http.sendAsync(hookline.post("tenth", "{\"type\":\"payment\",\"transactionId\":\"T-" + UUID.randomUUID()
                            + "\"}"), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> inFlight.release()));
        }
        Set<String> tokens = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            HttpResponse<String> response = post.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            tokens.add(Json.tree(response.body()).get("executionToken").asText());
        }
        assertThat(tokens).hasSize(1000);

        int failedOnce = 0;
        for (String token : tokens) {
            assertThat(hookline.awaitFinished(token).get("status").asText()).as(token).isEqualTo("COMPLETED");
            String id = recordId(token);
            int expected = failsOnce(id) ? 2 : 1;
            failedOnce += expected - 1;
            assertThat(failsATenthOnce.arrivals(id)).as("forwards of " + id).hasSize(expected);
        }
        double writesPerWebhook = (runtime.dynamoDbWrites() - writesBefore) / 1000.0;
        System.out.printf("1000 webhooks, %d failed once: %.2f DynamoDB writes per webhook, ingest included%n",
                failedOnce, writesPerWebhook);
        assertThat(failedOnce).isBetween(50, 150);
        // 4: ingest's record and kept body, then the processor's two (the claim with validate's checkpoint,
        // process's with finalize's result); each retry adds 2 (the postponed attempt, the next lease).
        assertThat(writesPerWebhook).isLessThanOrEqualTo(4 + 2 * failedOnce / 1000.0 + 0.05);
    }

    /** A tenth of the executions, chosen by id, so a test can tell which ones the target failed. */
    private static boolean failsOnce(String recordId) {
        return Math.floorMod(recordId.hashCode(), 10) == 0;
    }
}
