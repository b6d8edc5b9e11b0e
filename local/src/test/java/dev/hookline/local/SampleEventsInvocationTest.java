package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.SampleEvents;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.ingest.IngestHandler;
import dev.hookline.ingest.source.SourcesLocation;
import dev.hookline.processor.ProcessorHandler;
import dev.hookline.status.StatusHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The samples under {@code events/samples/} handed to the handlers {@code sam local invoke} runs with
 * them, on the local runtime with its built-in {@code demo} source: the webhook is signed for that
 * source, accepted and processed to the end; the queue's batch is processed; the status request
 * finds the first webhook of that batch.
 */
class SampleEventsInvocationTest {

    @Test
    void theWebhookSampleIsAcceptedForTheDemoSourceAndProcessedToCompletion() throws Exception {
        APIGatewayV2HTTPEvent sample = SampleEvents.read("apigw-webhook.json", APIGatewayV2HTTPEvent.class);

        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts());
                IngestHandler ingest = new IngestHandler(environment(runtime))) {
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

    @Test
    void theQueueSampleIsProcessedAndTheStatusSampleShowsItsFirstWebhookCompleted() throws Exception {
        SQSEvent batch = SampleEvents.read("sqs-batch.json", SQSEvent.class);
        APIGatewayV2HTTPEvent statusRequest = SampleEvents.read("apigw-status.json",
                APIGatewayV2HTTPEvent.class);

        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts())) {
            FunctionEnvironment environment = environment(runtime);
            ExecutionStore store = new ExecutionStore(runtime.clients().dynamoDb(),
                    runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE));
            for (SQSEvent.SQSMessage message : batch.getRecords()) {
                store.create(acceptedAsIngestWouldRecord(WebhookQueue.parse(message.getBody())));
            }

            SQSBatchResponse processed;
            try (ProcessorHandler processor = new ProcessorHandler(environment)) {
                processed = processor.handleRequest(batch, null);
            }
            APIGatewayV2HTTPResponse status = new StatusHandler(environment).handleRequest(statusRequest, null);

            assertThat(processed.getBatchItemFailures()).isEmpty();
            for (SQSEvent.SQSMessage message : batch.getRecords()) {
                assertThat(store.find(WebhookQueue.parse(message.getBody()).token().recordId()).orElseThrow()
                        .status()).isEqualTo(ExecutionStatus.COMPLETED);
            }
            assertThat(status.getStatusCode()).as(status.getBody()).isEqualTo(200);
            assertThat(Json.tree(status.getBody()).get("status").asText()).isEqualTo("COMPLETED");
        }
    }

    private static FunctionEnvironment environment(LocalRuntime runtime) {
        return new FunctionEnvironment(Map.of(
                HooklineSettings.EXECUTIONS_TABLE, runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE),
                HooklineSettings.WEBHOOK_QUEUE_URL, runtime.resources().queueUrl("WebhookQueue"),
                SourcesLocation.SOURCES_FILE, runtime.sourcesFile().toString()), runtime.clients());
    }

    private static ExecutionRecord acceptedAsIngestWouldRecord(Envelope envelope) {
        return ExecutionRecord.started(envelope.token(), envelope.idempotencyKey(), envelope.source(),
                envelope.eventType(), envelope.receivedAt(), null, Instant.now().plus(Duration.ofDays(1)),
                "0".repeat(64), null);
    }
}
