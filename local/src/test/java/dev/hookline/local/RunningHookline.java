package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.json.Json.MalformedJsonException;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.local.dlq.QueueDepth;
import dev.hookline.processor.action.ForwardTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * End-to-end test fixture: a running Hookline, in this JVM or in a child process, asked what it
 * holds as a client or an operator would.
 */
public final class RunningHookline {

    /** The Standard Webhooks secret test sources forward with. */
    public static final String FORWARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "REJECTED", "FAILED");

    private final String gatewayUrl;
    private final SqsClient sqs;
    private final UnaryOperator<String> queueUrls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration deadline;

    /** @param queueUrls the URL of a queue, given its logical id in the template */
    public RunningHookline(String gatewayUrl, SqsClient sqs, UnaryOperator<String> queueUrls, Duration deadline) {
        this.gatewayUrl = gatewayUrl;
        this.sqs = sqs;
        this.queueUrls = queueUrls;
        this.deadline = deadline;
    }

    public RunningHookline(LocalRuntime runtime, Duration deadline) {
        this(runtime.gatewayUrl(), runtime.clients().sqs(), runtime.resources()::queueUrl, deadline);
    }

    /** Writes a sources document with these entries ({@code name: { ... }}) into {@code folder}. */
    public static Path sourcesFile(Path folder, String... entries) throws IOException {
        Path file = Files.createTempFile(folder, "sources", ".yaml");
        Files.writeString(file, "sources:\n" + Arrays.stream(entries).map(entry -> "  " + entry + "\n")
                .collect(Collectors.joining()));
        return file;
    }

    public HttpClient http() {
        return http;
    }

    /** A sources-document entry: an unsigned source forwarding to {@code target}, retried as {@code retry} says. */
    public static String forwardingTo(ForwardTarget target, String retry) {
        return "{ scheme: none, action: forward, forwardUrl: \"%s\", forwardSecret: %s, retry: %s }"
                .formatted(target.url(), FORWARD_SECRET, retry);
    }

    public static String recordId(String token) {
        return ExecutionToken.parse(token).orElseThrow().recordId();
    }

    /** An unsigned JSON POST to {@code /webhooks/{source}}. */
    public HttpRequest post(String source, String body) {
        return HttpRequest.newBuilder(URI.create(gatewayUrl + "/webhooks/" + source))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Posts an unsigned webhook, checks it was accepted, and returns its token. */
    public String accepted(String source, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(post(source, body), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.tree(response.body()).get("executionToken").asText();
    }

    /** Polls the status API until the execution is finished or the deadline passes; returns the last answer. */
    public JsonNode awaitFinished(String token) throws IOException, InterruptedException {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        while (true) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(gatewayUrl + "/status/" + token)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode status = Json.tree(response.body());
            if (TERMINAL.contains(status.get("status").asText()) || System.nanoTime() > giveUpAt) {
                return status;
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the webhook queue has no message waiting or in flight. */
    public void awaitQueueIdle() throws InterruptedException {
        awaitQueueIdle("WebhookQueue");
    }

    /** Waits until the queue with this logical id has no message waiting or in flight. */
    public void awaitQueueIdle(String queue) throws InterruptedException {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < giveUpAt) {
            if (isIdle(queue)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(queue + " never became idle");
    }

    private boolean isIdle(String queue) {
        return QueueDepth.of(sqs, queueUrls.apply(queue)).total() == 0;
    }

    /**
     * The tokens of every envelope in the dead-letter queue, read and then put back as they were; a
     * message that is not an envelope is put back too, and has no token to give.
     */
    public Set<String> deadLetteredTokens() {
        String queueUrl = queueUrls.apply("WebhookDeadLetterQueue");
        Set<String> tokens = new HashSet<>();
        List<String> receipts = new ArrayList<>();
        List<Message> messages;
        do {
            messages = sqs.receiveMessage(receive -> receive
                    .queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(30)).messages();
            for (Message message : messages) {
                envelopeToken(message.body()).ifPresent(tokens::add);
                receipts.add(message.receiptHandle());
            }
        } while (!messages.isEmpty());
        for (String receipt : receipts) {
            sqs.changeMessageVisibility(change -> change
                    .queueUrl(queueUrl).receiptHandle(receipt).visibilityTimeout(0));
        }
        return tokens;
    }

    private static Optional<String> envelopeToken(String body) {
        try {
            return Optional.ofNullable(WebhookQueue.parse(body).executionToken());
        } catch (MalformedJsonException notAnEnvelope) {
            return Optional.empty();
        }
    }

    /** Waits until the token's message is in the dead-letter queue; false if it never gets there. */
    public boolean awaitDeadLettered(String token) throws InterruptedException {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < giveUpAt) {
            // ElasticMQ's two copies of a message it moves to the dead-letter queue share one list of
            // receipts, so a peek that lands inside the move can leave a copy in the webhook queue
            // (CI saw ReceiptHandleIsInvalid, then a queue that never drained): peek once it is empty.
            if (isIdle("WebhookQueue") && deadLetteredTokens().contains(token)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
