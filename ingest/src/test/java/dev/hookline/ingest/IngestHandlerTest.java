package dev.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.RecordingSqs;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.ingest.source.Sources;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The status URL a sender gets back, through the handler as API Gateway invokes it. */
class IngestHandlerTest {

    private static final Map<String, String> FORGED = Map.of("content-type", "application/json",
            "Host", "evil.example.com", "X-Forwarded-Proto", "javascript", "X-Forwarded-Host", "evil.example.com");

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();

    @Test
    void theStatusUrlNamesTheApisOwnDomainNeverTheHostHeader() {
        JsonNode accepted = post(handler(Optional.empty()), "abc123.execute-api.eu-west-1.amazonaws.com");

        assertThat(accepted.get("statusUrl").asText())
                .isEqualTo("https://abc123.execute-api.eu-west-1.amazonaws.com/status/"
                        + accepted.get("executionToken").asText());
    }

    @Test
    void aConfiguredPublicBaseUrlWinsOverTheApisDomain() {
        JsonNode accepted = post(handler(Optional.of("https://hooks.example.com")),
                "abc123.execute-api.eu-west-1.amazonaws.com");

        assertThat(accepted.get("statusUrl").asText())
                .isEqualTo("https://hooks.example.com/status/" + accepted.get("executionToken").asText());
        assertThat(accepted.toString()).doesNotContain("evil");
    }

    private static IngestHandler handler(Optional<String> publicBaseUrl) {
        return new IngestHandler(new IngestService(Sources.parse("sources:\n  open: { scheme: none }\n"),
                dynamoDb.store(), new WebhookQueue(new RecordingSqs().client(), "http://sqs.local/queue"),
                HooklineSettings.from(publicBaseUrl.map(url -> Map.of(HooklineSettings.PUBLIC_BASE_URL, url))
                        .orElse(Map.of())),
                Clock.systemUTC(), new SecureRandom(), Telemetry.NONE));
    }

    private static JsonNode post(IngestHandler handler, String domainName) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{source}")
                .withPathParameters(Map.of("source", "open"))
                .withHeaders(FORGED)
                .withBody("{\"n\":\"" + UUID.randomUUID() + "\"}")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withDomainName(domainName)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();
        var response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(202);
        return Json.tree(response.getBody());
    }
}
