package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.json.Json;
import dev.hookline.processor.action.ForwardTarget;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookline serve} killed with SIGKILL and started again on the same data directory: nothing
 * it acknowledged is lost, nothing runs twice, and the queues end empty.
 */
class CrashRecoveryEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int SENDERS = 8;
    /** Short enough that an execution interrupted by the kill is taken over within seconds of the restart. */
    private static final String[] QUICK_RECOVERY = {
            "--parameter", "ProcessorLeaseSeconds=3", "--parameter", "QueueVisibilityTimeout=5"};

    @TempDir
    Path folder;

    @Test
    void everyAcknowledgedWebhookCompletesAfterAKillNineAndRestart() throws Exception {
        Path sources = RunningHookline.sourcesFile(folder, "plain: { scheme: none }");
        Path data = folder.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, String> unanswered = new ConcurrentHashMap<>();
        AtomicInteger sequence = new AtomicInteger();
        int killAfter = 300;

        ServeProcess first = serve(data, sources);
        RunningHookline firstClient = first.hookline(DEADLINE);
        CountDownLatch enough = new CountDownLatch(killAfter);
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int i = 0; i < SENDERS; i++) {
            senders.submit(() -> {
                while (sending.get()) {
                    String body = "{\"type\":\"order\",\"orderId\":\"K-" + sequence.incrementAndGet() + "\"}";
                    try {
                        acknowledged.add(post(firstClient, "plain", body));
                        enough.countDown();
                    } catch (IOException | IllegalStateException cut) {
                        unanswered.put(body, body);
                    }
                }
                return null;
            });
        }
        assertThat(enough.await(60, TimeUnit.SECONDS)).as("%d webhooks accepted", killAfter).isTrue();
        first.kill();
        sending.set(false);
        senders.shutdown();
        assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        int acknowledgedBeforeKill = acknowledged.size();
        long restartStarted = System.nanoTime();
        try (ServeProcess second = serve(data, sources)) {
            RunningHookline hookline = second.hookline(DEADLINE);
            Matcher found = Pattern.compile("found (\\d+) executions, (\\d+) queued messages")
                    .matcher(String.join("\n", second.banner()));
            assertThat(found.find()).as("the banner says what it found: %s", second.banner()).isTrue();
            assertThat(Long.parseLong(found.group(1))).isGreaterThanOrEqualTo(acknowledgedBeforeKill);
            // A provider retries what it never saw answered; Hookline deduplicates what it had recorded.
            for (String body : unanswered.keySet()) {
                acknowledged.add(postUntilAccepted(hookline, "plain", body));
            }
            for (String token : acknowledged) {
                JsonNode status = hookline.awaitFinished(token);
                assertThat(status.get("status").asText()).as(token).isEqualTo("COMPLETED");
                assertThat(completions(status)).as("COMPLETED transitions of %s", token).isEqualTo(1);
            }
            assertThat(second.executions().count()).isEqualTo(acknowledged.size());
            hookline.awaitQueueIdle("WebhookQueue");
            hookline.awaitQueueIdle("WebhookDeadLetterQueue");
            System.out.printf("crash: %d acknowledged before SIGKILL, %d unanswered sent again; the restart found %s "
                    + "executions and %s queued messages; all %d COMPLETED %.1f s after the restart began%n",
                    acknowledgedBeforeKill, unanswered.size(), found.group(1), found.group(2), acknowledged.size(),
                    (System.nanoTime() - restartStarted) / 1e9);
        }
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(killAfter);
    }

    @Test
    void aForwardInterruptedByAKillNineIsMadeAgainAndItsExecutionCompletesOnce() throws Exception {
        CountDownLatch forwarding = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        try (ForwardTarget target = ForwardTarget.answering((id, attempt) -> {
            forwarding.countDown();
            await(killed);
            return 200;
        })) {
            Path sources = RunningHookline.sourcesFile(folder, "relay: " + RunningHookline.forwardingTo(target,
                    "{ maxAttempts: 3, initialDelaySeconds: 1, jitter: none }"));
            Path data = folder.resolve("forward-data");
            ServeProcess first = serve(data, sources);
            String token = first.hookline(DEADLINE).accepted("relay", "{\"type\":\"order\",\"orderId\":\"F-1\"}");
            assertThat(forwarding.await(60, TimeUnit.SECONDS)).as("the forward reached the target").isTrue();
            first.kill();
            killed.countDown();

            try (ServeProcess second = serve(data, sources)) {
                RunningHookline hookline = second.hookline(DEADLINE);
                JsonNode status = hookline.awaitFinished(token);

                assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
                assertThat(completions(status)).isEqualTo(1);
                assertThat(target.arrivals(RunningHookline.recordId(token))).hasSizeGreaterThanOrEqualTo(1);
                hookline.awaitQueueIdle("WebhookQueue");
                hookline.awaitQueueIdle("WebhookDeadLetterQueue");
            }
        }
    }

    private ServeProcess serve(Path data, Path sources) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--data-dir", data.toString(), "--sources", sources.toString()));
        arguments.addAll(List.of(QUICK_RECOVERY));
        return ServeProcess.start(folder.resolve("serve.log"), arguments.toArray(String[]::new));
    }

    /** The token of an accepted webhook; an {@link IllegalStateException} naming the status of any other answer. */
    private static String post(RunningHookline hookline, String source, String body) throws IOException {
        HttpResponse<String> response;
        try {
            response = hookline.http().send(hookline.post(source, body), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException(interrupted);
        }
        if (response.statusCode() != 202) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return Json.tree(response.body()).get("executionToken").asText();
    }

    /** Retries as a provider would while Hookline answers 503: the killed run's claim to enqueue runs out first. */
    private static String postUntilAccepted(RunningHookline hookline, String source, String body)
            throws IOException, InterruptedException {
        long giveUpAt = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                return post(hookline, source, body);
            } catch (IllegalStateException refused) {
                if (!refused.getMessage().startsWith("503") || System.nanoTime() > giveUpAt) {
                    throw refused;
                }
                Thread.sleep(500);
            }
        }
    }

    private static long completions(JsonNode status) {
        long completed = 0;
        for (JsonNode transition : status.get("history")) {
            if (transition.get("status").asText().equals("COMPLETED")) {
                completed++;
            }
        }
        return completed;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
