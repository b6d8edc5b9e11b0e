package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import dev.hookline.ingest.IngestHandler;
import dev.hookline.ingest.source.SourcesLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The webhook sample under {@code events/samples/} handed to the handler {@code sam local invoke
 * IngestFunction -e events/samples/apigw-webhook.json} runs, with the local runtime's built-in
 * {@code demo} source: it is signed for that source, accepted, and processed to the end.
 */
class SampleEventsInvocationTest {

    /** Surefire runs with the module directory as working directory. */
    private static final Path WEBHOOK_SAMPLE = Path.of("../events/samples/apigw-webhook.json");

    /** As Lambda's serializer reads its event classes: properties matched ignoring case. */
    private static final ObjectMapper LAMBDA_EVENTS = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void theWebhookSampleIsAcceptedForTheDemoSourceAndProcessedToCompletion() throws Exception {
        APIGatewayV2HTTPEvent sample = LAMBDA_EVENTS.readValue(Files.readString(WEBHOOK_SAMPLE),
                APIGatewayV2HTTPEvent.class);

        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts());
                IngestHandler ingest = new IngestHandler(new FunctionEnvironment(Map.of(
                        HooklineSettings.EXECUTIONS_TABLE, runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE),
                        HooklineSettings.WEBHOOK_QUEUE_URL, runtime.resources().queueUrl("WebhookQueue"),
                        SourcesLocation.SOURCES_FILE, runtime.sourcesFile().toString()), runtime.clients()))) {
            APIGatewayV2HTTPResponse response = ingest.handleRequest(sample, null);

            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
            JsonNode accepted = Json.tree(response.getBody());
            String token = accepted.get("executionToken").asText();
            assertThat(accepted.get("statusUrl").asText())
                    .isEqualTo("https://" + sample.getHeaders().get("host") + "/status/" + token);
            JsonNode finished = new RunningHookline(runtime, Duration.ofSeconds(30)).awaitFinished(token);
            assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("COMPLETED");
            assertThat(finished.get("source").asText()).isEqualTo(DemoSource.NAME);
        }
    }
}
