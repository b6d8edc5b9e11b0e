package dev.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import dev.hookline.events.logging.CapturedLogs;
import dev.hookline.events.queue.RecordingSqs;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.telemetry.FakeLambdaContext;
import dev.hookline.events.telemetry.LogTelemetry;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.source.Sources;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an ingest invocation logs, as the function's console appender writes it on Lambda. */
class IngestHandlerLogsTest {

    private static final String SECRET = "logs-test-secret";

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private final IngestHandler handler = new IngestHandler(new IngestService(
            Sources.parse("sources:\n  github: { scheme: github, secrets: [\"" + SECRET + "\"] }\n"),
            dynamoDb.store(), new WebhookQueue(new RecordingSqs().client(), "http://sqs.local/queue"),
            HooklineSettings.from(Map.of()), Clock.systemUTC(), new SecureRandom(), new LogTelemetry()));

    @Test
    void anAcceptedWebhookIsOneJsonLineWithTheLambdaContextAndItsRecordIdButNotItsTokenSecretOrSignature() {
        byte[] body = ("{\"type\":\"push\",\"n\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        String signature = GitHubSignature.sign(Secret.ofUtf8(SECRET), body);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event(body, signature),
                new FakeLambdaContext("IngestFunction", "request-accepted-1"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        String token = Json.tree(response.getBody()).get("executionToken").asText();
        List<JsonNode> received = written("received");
        assertThat(received).hasSize(1);
        JsonNode line = received.get(0);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("function_request_id").asText()).isEqualTo("request-accepted-1");
        assertThat(line.get("function_name").asText()).isEqualTo("IngestFunction");
        assertThat(line.has("cold_start")).isTrue();
        assertThat(line.get("record_id").asText()).isEqualTo(ExecutionToken.parse(token).orElseThrow().recordId());
        assertThat(line.get("source").asText()).isEqualTo("github");
        assertThat(line.get("status").asText()).isEqualTo("STARTED");
        assertThat(logs.text()).doesNotContain(token).doesNotContain(SECRET)
                .doesNotContain(signature.substring("sha256=".length()));
    }

    @Test
    void aForgedSignatureIsOneRefusedLineWithItsReasonAndNotTheSignature() {
        byte[] body = "{\"type\":\"push\"}".getBytes(StandardCharsets.UTF_8);
        String forged = GitHubSignature.sign(Secret.ofUtf8("not-" + SECRET), body);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event(body, forged),
                new FakeLambdaContext("IngestFunction", "request-forged-1"));

        assertThat(response.getStatusCode()).isEqualTo(401);
        List<JsonNode> refused = written("refused");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).get("reason").asText()).isEqualTo("invalid_signature");
        assertThat(refused.get(0).get("function_request_id").asText()).isEqualTo("request-forged-1");
        assertThat(logs.text()).doesNotContain(forged.substring("sha256=".length())).doesNotContain(SECRET);
    }

    /** The written lines of one kind of event, each parsed: a line that is not JSON fails the test. */
    private List<JsonNode> written(String event) {
        return logs.lines().stream()
                .map(line -> Json.tree(line.written()))
                .filter(line -> line.path("event").asText().equals(event))
                .collect(Collectors.toList());
    }

    private static APIGatewayV2HTTPEvent event(byte[] body, String signature) {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{source}")
                .withPathParameters(Map.of("source", "github"))
                .withHeaders(Map.of("content-type", "application/json",
                        GitHubSignature.SIGNATURE_HEADER, signature))
                .withBody(new String(body, StandardCharsets.UTF_8))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName("abc123.execute-api.eu-west-1.amazonaws.com")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();
    }
}
