package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.SqsRequests;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** The real pipeline on the embedded stand-ins, driven over HTTP as a provider and a client would. */
class WebhookPipelineEndToEndTest {

    private static final List<String> FULL_PROGRESSION =
            List.of("STARTED", "VALIDATING", "PROCESSING", "FINALIZING", "COMPLETED");
    private static final Duration PROCESSING_DEADLINE = Duration.ofSeconds(60);

    private static LocalRuntime runtime;
    private static RunningHookline hookline;
    private static HttpClient http;

    @BeforeAll
    static void startHookline() {
        runtime = LocalRuntime.start(LocalOptions.onFreePorts());
        hookline = new RunningHookline(runtime, PROCESSING_DEADLINE);
        http = hookline.http();
    }

    @AfterAll
    static void stopHookline() {
        runtime.close();
    }

    @Test
    void twoHundredSignedWebhooksAllReachCompletedInOrder() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> posts = IntStream.range(0, 200)
                .mapToObj(i -> http.sendAsync(signedPost("{\"type\":\"order\",\"orderId\":\"O-" + i + "\"}",
                        UUID.randomUUID().toString()), HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<String> tokens = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            HttpResponse<String> response = post.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            JsonNode body = Json.tree(response.body());
            assertThat(body.get("status").asText()).isEqualTo("STARTED");
            assertThat(body.get("statusUrl").asText()).endsWith("/status/" + body.get("executionToken").asText());
            tokens.add(body.get("executionToken").asText());
        }
        assertThat(tokens).doesNotHaveDuplicates();

        for (String token : tokens) {
            JsonNode status = hookline.awaitFinished(token);
            assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(status.get("history").findValuesAsText("status")).isEqualTo(FULL_PROGRESSION);
        }
    }

    @Test
    void aWebhooksInvocationsAndSqsRequestsAreCountedAndNoCapacityIsMeteredByDefault() throws Exception {
        Map<String, Invocations> invocationsBefore = runtime.invocations();
        SqsRequests sqsBefore = runtime.sqsRequests();

        HttpResponse<String> accepted = http.send(signedPost("{\"type\":\"system\"}", UUID.randomUUID().toString()),
                HttpResponse.BodyHandlers.ofString());
        hookline.awaitFinished(Json.tree(accepted.body()).get("executionToken").asText());

        Map<String, Invocations> invocations = runtime.invocations();
        assertThat(invocations.get("IngestFunction")
                .since(invocationsBefore.getOrDefault("IngestFunction", Invocations.NONE)).count()).isEqualTo(1);
        Invocations processor = invocations.get("ProcessorFunction")
                .since(invocationsBefore.getOrDefault("ProcessorFunction", Invocations.NONE));
        // At least: a message another test sent may still be in flight.
        assertThat(processor.count()).isPositive();
        assertThat(processor.nanos()).isPositive();
        SqsRequests sqs = runtime.sqsRequests().since(sqsBefore);
        assertThat(sqs.messagesSent()).isPositive();
        assertThat(sqs.sends()).isPositive();
        assertThat(sqs.receives()).isPositive();
        assertThat(sqs.deletes()).isPositive();
        assertThat(runtime.dynamoDbCapacity()).isEmpty();
    }

    @Test
    void duplicateDeliveryReturnsOriginalToken() throws Exception {
        String deliveryId = UUID.randomUUID().toString();
        String body = "{\"type\":\"payment\",\"transactionId\":\"T-1\"}";
        JsonNode first = Json.tree(http.send(signedPost(body, deliveryId), HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> again = http.send(signedPost(body, deliveryId), HttpResponse.BodyHandlers.ofString());

        assertThat(again.statusCode()).isEqualTo(202);
        JsonNode second = Json.tree(again.body());
        assertThat(second.get("executionToken").asText()).isEqualTo(first.get("executionToken").asText());
        assertThat(second.get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void duplicateStormYieldsOneRecordOneMessageAndOneExecution() throws Exception {
        String deliveryId = UUID.randomUUID().toString();
        String body = "{\"type\":\"order\",\"orderId\":\"storm\"}";
        long messagesBefore = messagesSentOnceIdle();

        List<CompletableFuture<HttpResponse<String>>> storm = IntStream.range(0, 50)
                .mapToObj(i -> http.sendAsync(signedPost(body, deliveryId), HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<String> tokens = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : storm) {
            assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(202);
            tokens.add(Json.tree(response.get().body()).get("executionToken").asText());
        }

        assertThat(tokens).containsOnly(tokens.get(0));
        JsonNode status = hookline.awaitFinished(tokens.get(0));
        assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("attempts").asInt()).isEqualTo(1);
        assertThat(status.get("history").findValuesAsText("status")).isEqualTo(FULL_PROGRESSION);
        assertThat(messagesSentOnceIdle()).isEqualTo(messagesBefore + 1);
    }

    @Test
    void wrongSignatureIsRefusedWithUnauthorizedAndLeavesNoRecordAndNoMessage() throws Exception {
        String deliveryId = UUID.randomUUID().toString();
        String body = "{\"type\":\"order\",\"orderId\":\"forged\"}";
        HttpRequest forged = HttpRequest.newBuilder(URI.create(runtime.gatewayUrl() + "/webhooks/demo"))
                .header("content-type", "application/json")
                .header(GitHubSignature.DELIVERY_HEADER, deliveryId)
                .header(GitHubSignature.SIGNATURE_HEADER,
                        GitHubSignature.sign(Secret.ofUtf8("not-the-secret"), body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long messagesBefore = messagesSentOnceIdle();

        HttpResponse<String> response = http.send(forged, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Json.tree(response.body()).at("/error/code").asText()).isEqualTo("invalid_signature");
        assertThat(recordExists("demo:" + deliveryId)).isFalse();
        assertThat(messagesSentOnceIdle()).isEqualTo(messagesBefore);
    }

    @Test
    void everyBadRequestGetsItsStatusAndLeavesDynamoDbAndSqsUntouched() throws Exception {
        String deliveryId = UUID.randomUUID().toString();
        byte[] valid = "{\"type\":\"order\",\"orderId\":\"bad-input\"}".getBytes(StandardCharsets.UTF_8);
        byte[] oversized = ("{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] malformed = "{\"type\":".getBytes(StandardCharsets.UTF_8);
        String demo = runtime.gatewayUrl() + "/webhooks/" + DemoSource.NAME;
        Map<String, HttpRequest> requests = new LinkedHashMap<>();
        requests.put("404 unknown_source", post(runtime.gatewayUrl() + "/webhooks/nobody", deliveryId, valid,
                "application/json"));
        requests.put("401 invalid_signature", HttpRequest.newBuilder(URI.create(demo))
                .header("content-type", "application/json")
                .header(GitHubSignature.DELIVERY_HEADER, deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(valid)).build());
        requests.put("413 body_too_large", post(demo, deliveryId, oversized, "application/json"));
        requests.put("415 unsupported_media_type", post(demo, deliveryId, valid, "text/plain"));
        requests.put("400 malformed_json", post(demo, deliveryId, malformed, "application/json"));
        requests.put("400 malformed_json (empty)", post(demo, deliveryId, new byte[0], "application/json"));
        requests.put("405 method_not_allowed", HttpRequest.newBuilder(URI.create(demo)).GET().build());
        long messagesBefore = messagesSentOnceIdle();
        int recordsBefore = recordCount();

        for (Map.Entry<String, HttpRequest> request : requests.entrySet()) {
            HttpResponse<String> response = http.send(request.getValue(), HttpResponse.BodyHandlers.ofString());
            String[] expected = request.getKey().split(" ");
            assertThat(response.statusCode()).as(request.getKey()).isEqualTo(Integer.parseInt(expected[0]));
            assertThat(Json.tree(response.body()).at("/error/code").asText()).as(request.getKey())
                    .isEqualTo(expected[1]);
            assertThat(Json.tree(response.body()).at("/error/message").asText()).isNotBlank();
        }

        assertThat(recordCount()).isEqualTo(recordsBefore);
        assertThat(messagesSentOnceIdle()).isEqualTo(messagesBefore);
    }

    @Test
    void unknownTokenIsNotFound() throws Exception {
        String unknown = ExecutionToken.issue("demo:never-sent", new SecureRandom()).value();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(runtime.gatewayUrl() + "/status/" + unknown)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.tree(response.body()).at("/error/code").asText()).isEqualTo("unknown_token");
    }

    @Test
    void tokenWithTheRightRecordButWrongSecretIsNotFound() throws Exception {
        HttpResponse<String> accepted = http.send(signedPost("{\"type\":\"system\"}", UUID.randomUUID().toString()),
                HttpResponse.BodyHandlers.ofString());
        String token = Json.tree(accepted.body()).get("executionToken").asText();
        String guessed = token.substring(0, 22) + "A".repeat(22);

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(runtime.gatewayUrl() + "/status/" + guessed)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void invalidOrderEndsRejectedWithItsReason() throws Exception {
        HttpResponse<String> accepted = http.send(signedPost("{\"type\":\"order\"}", UUID.randomUUID().toString()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);

        JsonNode status = hookline.awaitFinished(Json.tree(accepted.body()).get("executionToken").asText());

        assertThat(status.get("status").asText()).isEqualTo("REJECTED");
        assertThat(status.at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(status.at("/error/message").asText()).contains("orderId");
    }

    @Test
    void aForgedHostHeaderNeverReachesTheStatusUrl() throws Exception {
        byte[] body = "{\"type\":\"order\",\"orderId\":\"H-1\"}".getBytes(StandardCharsets.UTF_8);
        String request = "POST /webhooks/" + DemoSource.NAME + " HTTP/1.1\r\n"
                + "Host: evil.example.com\r\n"
                + "X-Forwarded-Proto: javascript\r\n"
                + "X-Forwarded-Host: evil.example.com\r\n"
                + "Content-Type: application/json\r\n"
                + GitHubSignature.DELIVERY_HEADER + ": " + UUID.randomUUID() + "\r\n"
                + GitHubSignature.SIGNATURE_HEADER + ": " + GitHubSignature.sign(Secret.ofUtf8(DemoSource.SECRET), body)
                + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        String answer;
        try (Socket socket = new Socket("127.0.0.1", runtime.gateway().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 202");
        JsonNode accepted = Json.tree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(accepted.get("statusUrl").asText())
                .isEqualTo(runtime.gatewayUrl() + "/status/" + accepted.get("executionToken").asText());
    }

    @Test
    void bodiesTheProcessorCouldNotReadAreRefusedWith400AndLeaveNothingBehind() throws Exception {
        String demo = runtime.gatewayUrl() + "/webhooks/" + DemoSource.NAME;
        String json = "{\"type\":\"order\",\"orderId\":\"O-encoded\"}";
        Map<String, byte[]> reasonAndBody = Map.of(
                "byte-order mark", ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8),
                "UTF-16", json.getBytes(StandardCharsets.UTF_16),
                "NUL byte", json.getBytes(StandardCharsets.UTF_16LE),
                "something follows the first JSON value", (json + "{}").getBytes(StandardCharsets.UTF_8),
                "Duplicate field 'orderId'", "{\"type\":\"order\",\"orderId\":\"A\",\"orderId\":\"B\"}"
                        .getBytes(StandardCharsets.UTF_8));

        for (Map.Entry<String, byte[]> body : reasonAndBody.entrySet()) {
            String deliveryId = UUID.randomUUID().toString();
            HttpResponse<String> refused = http.send(post(demo, deliveryId, body.getValue(), "application/json"),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as(body.getKey()).isEqualTo(400);
            assertThat(Json.tree(refused.body()).at("/error/code").asText()).isEqualTo("malformed_json");
            assertThat(Json.tree(refused.body()).at("/error/message").asText()).contains(body.getKey());
            assertThat(recordExists(DemoSource.NAME + ":" + deliveryId)).as(body.getKey()).isFalse();
        }
    }

    private static HttpRequest signedPost(String body, String deliveryId) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(runtime.gatewayUrl() + "/webhooks/" + DemoSource.NAME))
                .header("content-type", "application/json")
                .header(GitHubSignature.DELIVERY_HEADER, deliveryId)
                .header(GitHubSignature.SIGNATURE_HEADER, GitHubSignature.sign(Secret.ofUtf8(DemoSource.SECRET), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    private static HttpRequest post(String url, String deliveryId, byte[] body, String contentType) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("content-type", contentType)
                .header(GitHubSignature.DELIVERY_HEADER, deliveryId)
                .header(GitHubSignature.SIGNATURE_HEADER, GitHubSignature.sign(Secret.ofUtf8(DemoSource.SECRET), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static int recordCount() {
        return runtime.clients().dynamoDb().scan(scan -> scan
                .tableName(runtime.resources().tableName("ExecutionsTable"))
                .select(Select.COUNT)).count();
    }

    private static boolean recordExists(String idempotencyKey) {
        return runtime.clients().dynamoDb().getItem(get -> get
                .tableName(runtime.resources().tableName("ExecutionsTable"))
                .key(Map.of("id", AttributeValue.fromS(ExecutionToken.recordIdFor(idempotencyKey))))
                .consistentRead(true)).hasItem();
    }

    /** Every message the webhook queue has carried: waits until none is waiting or in flight, then counts those the processor finished. */
    private static long messagesSentOnceIdle() throws InterruptedException {
        hookline.awaitQueueIdle();
        Thread.sleep(200);
        return runtime.pollers().stream().mapToLong(poller -> poller.recordCounts()[0]).sum();
    }
}
