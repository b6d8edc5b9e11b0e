package dev.hookline.local;

import static dev.hookline.local.RunningHookline.forwardingTo;
import static dev.hookline.local.RunningHookline.recordId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Transition;
import dev.hookline.events.json.Json;
import dev.hookline.events.logging.CapturedLogs;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.local.cli.Cli;
import dev.hookline.processor.action.ForwardTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The operator's command line against Hookline on the embedded stand-ins: webhooks whose target is
 * down end FAILED in the dead-letter queue, {@code hookline dlq list} shows them without consuming
 * them, {@code hookline dlq replay} (one by token, or all) brings them back for a new round that
 * completes once the target is up while a message that is not a Hookline envelope stays where it is,
 * {@code hookline executions} lists them,
 * and {@code hookline send} / {@code hookline status --watch} follow a signed webhook to the end.
 */
class DeadLetterReplayEndToEndTest {

    private static final String SIGNED_SECRET = "signed-source-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String RETRY_TWICE = "{ maxAttempts: 2, initialDelaySeconds: 1, jitter: none }";

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static final ForwardTarget singleTarget = ForwardTarget.answering((id, attempt) -> 503);
    private static final ForwardTarget severalTarget = ForwardTarget.answering((id, attempt) -> 503);
    private static LocalRuntime runtime;
    private static RunningHookline hookline;
    private static ExecutionStore store;

    @BeforeAll
    static void startHookline() throws IOException {
        Path sources = Files.createTempFile("hookline-dlq-sources", ".yaml");
        Files.writeString(sources, """
                sources:
                  single: %s
                  several: %s
                  signed: { scheme: github, secrets: ["%s"] }
                """.formatted(forwardingTo(singleTarget, RETRY_TWICE), forwardingTo(severalTarget, RETRY_TWICE),
                SIGNED_SECRET));
        runtime = LocalRuntime.start(LocalOptions.onFreePorts()
                .withSourcesFile(sources)
                .withParameters(Map.of("MaxReceiveCount", "3")));
        hookline = new RunningHookline(runtime, DEADLINE);
        store = new ExecutionStore(runtime.clients().dynamoDb(), runtime.resources().tableName("ExecutionsTable"));
    }

    @AfterAll
    static void stopHookline() {
        runtime.close();
        singleTarget.close();
        severalTarget.close();
    }

    @Test
    void aWebhookWhoseTargetIsDownIsListedInTheDeadLetterQueueAndReplayedByTokenCompletesInRoundTwo()
            throws Exception {
        String token = hookline.accepted("single", "{\"type\":\"order\",\"orderId\":\"R-1\"}");
        assertThat(hookline.awaitFinished(token).get("status").asText()).isEqualTo("FAILED");
        assertThat(hookline.awaitDeadLettered(token)).as("the failed execution's message reaches the DLQ").isTrue();
        List<CapturedLogs.Line> aboutIt = logs.lines().stream()
                .filter(line -> line.written().contains("\"record_id\":\"" + recordId(token) + "\""))
                .filter(line -> !line.level().equals("DEBUG"))
                .collect(Collectors.toList());
        assertThat(aboutIt).extracting(line -> Json.tree(line.written()).path("event").asText())
                .containsExactly("received", "step_done", "retry_scheduled", "finished");
        assertThat(aboutIt).as("its failure is logged once, not once per receive on the way to the DLQ")
                .filteredOn(line -> line.message().contains("goes on to the dead-letter queue")).hasSize(1);

        Cli.Run watched = Cli.run("status", token, "--watch", "--interval", "100", "--url", runtime.gatewayUrl());
        assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
        assertThat(watched.out()).contains("FAILED").contains("forward_failed");

        Cli.Run listed = cli("dlq", "list");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains(token).contains("single").contains("FAILED")
                .contains("forward_failed").contains("503").containsPattern("\\d+s ago");

        Cli.Run listedAsJson = cli("dlq", "list", "--json");
        assertThat(listedAsJson.exitCode()).as(listedAsJson.toString()).isZero();
        JsonNode listing = Json.tree(listedAsJson.out());
        assertThat(listing.at("/depth/total").asLong()).isEqualTo(deadLetterDepth()).isGreaterThanOrEqualTo(1);
        JsonNode entry = messageFor(listing, token);
        assertThat(entry.get("source").asText()).isEqualTo("single");
        assertThat(entry.get("status").asText()).isEqualTo("FAILED");
        assertThat(entry.at("/error/code").asText()).isEqualTo("forward_failed");
        assertThat(entry.at("/error/message").asText()).contains("503");
        assertThat(entry.get("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(hookline.deadLetteredTokens()).as("listing consumes nothing").contains(token);

        singleTarget.answer((id, attempt) -> 200);
        Cli.Run replayed = cli("dlq", "replay", "--token", token);

        assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
        assertThat(replayed.out()).contains("replayed 1 of").contains(token);
        ExecutionRecord record = awaitFinishedInRoundTwo(token);
        assertThat(record.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(hookline.awaitFinished(token).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(record.history())
                .anySatisfy(transition -> {
                    assertThat(transition.reason()).isEqualTo(Transition.REPLAY);
                    assertThat(transition.round()).isEqualTo(2);
                });
        assertThat(record.error()).isNull();
        assertThat(hookline.deadLetteredTokens()).doesNotContain(token);
    }

    @Test
    void replayingEverythingSendsEveryFailedExecutionBackForANewRoundAndLeavesWhatIsNotAHooklineEnvelope()
            throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add(hookline.accepted("several", "{\"type\":\"order\",\"orderId\":\"S-" + i + "\"}"));
        }
        for (String token : tokens) {
            assertThat(hookline.awaitFinished(token).get("status").asText()).isEqualTo("FAILED");
            assertThat(hookline.awaitDeadLettered(token)).as(token + " reaches the DLQ").isTrue();
        }
        String garbage = runtime.clients().sqs().sendMessage(send -> send
                .queueUrl(runtime.resources().queueUrl("WebhookDeadLetterQueue"))
                .messageBody("left here by hand, not by Hookline")).messageId();

        Cli.Run failed = cli("executions", "--status", "FAILED", "--source", "several", "--json");
        assertThat(failed.exitCode()).as(failed.toString()).isZero();
        JsonNode executions = Json.tree(failed.out()).get("executions");
        assertThat(tokensIn(executions)).containsAll(tokens);
        executions.forEach(execution -> {
            assertThat(execution.get("status").asText()).isEqualTo("FAILED");
            assertThat(execution.get("source").asText()).isEqualTo("several");
            assertThat(execution.at("/error/code").asText()).isEqualTo("forward_failed");
        });
        Cli.Run failedAsTable = cli("executions", "--status", "FAILED", "--source", "several");
        assertThat(failedAsTable.out()).contains(tokens.get(0)).contains("forward_failed");

        Cli.Run listed = cli("dlq", "list");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).containsPattern("\\(message " + garbage + "\\)[ -]+not replayable[ -]+not a Hookline envelope")
                .contains("1 message is not a Hookline envelope: no replay sends it back");
        assertThat(messageWithId(Json.tree(cli("dlq", "list", "--json").out()), garbage).get("replayable").asBoolean())
                .isFalse();

        severalTarget.answer((id, attempt) -> 200);
        hookline.awaitQueueIdle();
        long depthBefore = deadLetterDepth();
        Cli.Run replayed = cli("dlq", "replay", "--json");

        assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
        JsonNode report = Json.tree(replayed.out());
        assertThat(report.get("mode").asText()).isEqualTo("all");
        assertThat(report.get("examined").asLong()).as("examined all the queue held").isEqualTo(depthBefore);
        assertThat(tokensIn(report.get("replayed"))).containsAll(tokens);
        assertThat(report.get("replayedCount").asLong()).isEqualTo(depthBefore - 1);
        assertThat(report.get("notEnvelopesCount").asInt()).isEqualTo(1);
        assertThat(report.at("/notEnvelopes/0/messageId").asText()).isEqualTo(garbage);
        for (String token : tokens) {
            ExecutionRecord record = awaitFinishedInRoundTwo(token);
            assertThat(record.status()).as(token).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(record.history()).anyMatch(transition -> Transition.REPLAY.equals(transition.reason()));
        }
        assertThat(hookline.deadLetteredTokens()).doesNotContainAnyElementsOf(tokens);
        assertThat(deadLetterDepth()).as("only the message that is not an envelope is left").isEqualTo(1);

        Cli.Run again = cli("dlq", "replay");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("replayed 0 of 1 message examined")
                .contains("left 1 message that is not a Hookline envelope in the dead-letter queue: " + garbage);
        assertThat(messageWithId(Json.tree(cli("dlq", "list", "--json").out()), garbage).get("readable").asBoolean())
                .as("still there after two replays").isFalse();
    }

    @Test
    void replayingATokenThatIsNotInTheDeadLetterQueueExitsOneAndSaysSo() {
        String absent = ExecutionToken.issue("nobody:" + System.nanoTime(), new SecureRandom()).value();

        Cli.Run replayed = cli("dlq", "replay", "--token", absent);

        assertThat(replayed.exitCode()).as(replayed.toString()).isEqualTo(1);
        assertThat(replayed.out()).contains("replayed 0").contains("not in the dead-letter queue: " + absent);
    }

    @Test
    void sendPostsASignedWebhookThatCompletesAndStatusWatchExitsZero(@TempDir Path directory) throws Exception {
        Path payload = directory.resolve("order.json");
        Files.writeString(payload, "{\"type\":\"order\",\"orderId\":\"W-1\",\"amount\":42}");

        Cli.Run sent = Cli.run("send", "--source", "signed", "--sources", runtime.sourcesFile().toString(),
                "--file", payload.toString(), "--url", runtime.gatewayUrl());

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        String token = sent.out().lines().filter(line -> line.startsWith("token"))
                .map(line -> line.substring("token".length()).trim()).findFirst().orElseThrow();
        assertThat(ExecutionToken.parse(token)).isPresent();
        assertThat(sent.out()).contains(runtime.gatewayUrl() + "/status/" + token).doesNotContain(SIGNED_SECRET);

        Cli.Run watched = Cli.run("status", token, "--watch", "--interval", "100", "--url", runtime.gatewayUrl());

        assertThat(watched.exitCode()).as(watched.toString()).isZero();
        assertThat(watched.out()).contains("COMPLETED").contains("history").contains("VALIDATING");

        Cli.Run asJson = Cli.run("status", token, "--json", "--url", runtime.gatewayUrl());
        assertThat(Json.tree(asJson.out()).get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void sendWithTheSchemeAndSecretOnTheCommandLineIsAcceptedAndAWrongSecretIsRefusedWithoutPrintingIt(
            @TempDir Path directory) throws Exception {
        Path payload = directory.resolve("order.json");
        Files.writeString(payload, "{\"type\":\"order\",\"orderId\":\"W-2\"}");

        Cli.Run sent = Cli.run("send", "--source", "signed", "--scheme", "github", "--secret", SIGNED_SECRET,
                "--file", payload.toString(), "--url", runtime.gatewayUrl(), "--json");
        Cli.Run refused = Cli.run("send", "--source", "signed", "--secret", "not-the-secret",
                "--file", payload.toString(), "--url", runtime.gatewayUrl());

        assertThat(sent.exitCode()).as(sent.toString()).isZero();
        String token = Json.tree(sent.out()).get("executionToken").asText();
        assertThat(hookline.awaitFinished(token).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("401").contains("invalid_signature");
        assertThat(refused.out() + refused.err()).doesNotContain("not-the-secret").doesNotContain(SIGNED_SECRET);
    }

    private static Cli.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--dynamodb-endpoint", runtime.dynamoDbEndpoint(),
                "--sqs-endpoint", runtime.sqsEndpoint(),
                "--table", runtime.resources().tableName("ExecutionsTable"),
                "--queue-url", runtime.resources().queueUrl("WebhookQueue"),
                "--dlq-url", runtime.resources().queueUrl("WebhookDeadLetterQueue")));
        return Cli.run(all.toArray(String[]::new));
    }

    /**
     * Waits until the replay's round has begun and finished: right after a replay the record still says
     * FAILED from round 1 until the processor claims the message again.
     */
    private static ExecutionRecord awaitFinishedInRoundTwo(String token) throws InterruptedException {
        long giveUpAt = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            ExecutionRecord record = store.find(recordId(token)).orElseThrow();
            if ((record.round() >= 2 && record.status().isTerminal()) || System.nanoTime() > giveUpAt) {
                assertThat(record.round()).as(() -> token + " started a new round; " + queueState(token)).isEqualTo(2);
                return record;
            }
            Thread.sleep(50);
        }
    }

    private static String queueState(String token) {
        Map<QueueAttributeName, String> main = runtime.clients().sqs().getQueueAttributes(get -> get
                .queueUrl(runtime.resources().queueUrl("WebhookQueue")).attributeNames(QueueAttributeName.ALL)).attributes();
        return "main queue " + main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + " visible, "
                + main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) + " in flight; dlq depth "
                + deadLetterDepth() + ", holds it: " + hookline.deadLetteredTokens().contains(token)
                + "; record " + store.find(recordId(token)).orElseThrow();
    }

    private static long deadLetterDepth() {
        Map<QueueAttributeName, String> attributes = runtime.clients().sqs().getQueueAttributes(get -> get
                .queueUrl(runtime.resources().queueUrl("WebhookDeadLetterQueue"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static JsonNode messageFor(JsonNode listing, String token) {
        for (JsonNode message : listing.get("messages")) {
            if (token.equals(message.path("executionToken").asText())) {
                return message;
            }
        }
        throw new AssertionError("dlq list --json does not show " + token + ": " + listing);
    }

    private static JsonNode messageWithId(JsonNode listing, String messageId) {
        for (JsonNode message : listing.get("messages")) {
            if (messageId.equals(message.get("messageId").asText())) {
                return message;
            }
        }
        throw new AssertionError("dlq list --json does not show message " + messageId + ": " + listing);
    }

    private static Set<String> tokensIn(JsonNode executions) {
        return StreamSupport.stream(executions.spliterator(), false)
                .map(execution -> execution.get("executionToken").asText())
                .collect(Collectors.toSet());
    }
}
