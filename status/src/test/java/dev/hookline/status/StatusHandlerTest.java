package dev.hookline.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.store.StoredExecutions;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusHandlerTest {

    private static final Instant RECEIVED = Instant.parse("2026-06-01T12:00:00.250Z");

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final StatusHandler handler = new StatusHandler(new StatusService(dynamoDb.store()));
    private final StoredExecutions executions = new StoredExecutions(dynamoDb.store());

    @Test
    void aCompletedExecutionShowsItsRoundHistoryAndResultButNoCurrentStep() {
        ExecutionRecord completed = executions.moveTo(executions.started("github", "order", RECEIVED),
                ExecutionStatus.COMPLETED);

        JsonNode status = ok(completed);

        assertThat(status.get("executionToken").asText()).isEqualTo(completed.token().value());
        assertThat(status.get("source").asText()).isEqualTo("github");
        assertThat(status.get("type").asText()).isEqualTo("order");
        assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(status.has("currentStep")).isFalse();
        assertThat(status.get("round").asInt()).isEqualTo(1);
        assertThat(status.get("attempts").asInt()).isEqualTo(1);
        assertThat(status.get("receivedAt").asText()).isEqualTo("2026-06-01T12:00:00.250Z");
        assertThat(status.get("lastUpdated").asText()).isEqualTo(completed.lastUpdated().toString());
        assertThat(status.get("history").findValuesAsText("status")).containsExactly("STARTED", "VALIDATING", "COMPLETED");
        JsonNode validating = status.get("history").get(1);
        assertThat(validating.get("at").asText()).isEqualTo("2026-06-01T12:00:00.500Z");
        assertThat(validating.get("attempt").asInt()).isEqualTo(1);
        assertThat(validating.get("round").asInt()).isEqualTo(1);
        assertThat(validating.has("reason")).isFalse();
        assertThat(status.get("result")).isEqualTo(Json.tree(StoredExecutions.RESULT));
        assertThat(status.get("result").get("summary").get("bytes").asInt()).isEqualTo(47);
        assertThat(status.has("error")).isFalse();
        assertThat(status.has("payload")).isFalse();
    }

    @Test
    void theCurrentStepIsShownOnlyWhileAStepIsUnderWay() {
        Map<ExecutionStatus, String> expected = Map.of(
                ExecutionStatus.VALIDATING, "validate",
                ExecutionStatus.PROCESSING, "process",
                ExecutionStatus.FINALIZING, "finalize");
        expected.forEach((status, step) -> assertThat(ok(executions.moveTo(
                executions.started("github", "order", RECEIVED), status)).get("currentStep").asText())
                .as("%s", status).isEqualTo(step));

        for (ExecutionStatus notUnderWay : new ExecutionStatus[] {ExecutionStatus.STARTED, ExecutionStatus.FAILED,
                ExecutionStatus.REJECTED}) {
            assertThat(ok(executions.moveTo(executions.started("github", "order", RECEIVED), notUnderWay))
                    .has("currentStep")).as("%s", notUnderWay).isFalse();
        }
    }

    @Test
    void aFailedExecutionShowsItsErrorCodeAndMessageOnly() {
        ExecutionRecord failed = executions.moveTo(executions.started("stripe", "invoice.paid", RECEIVED),
                ExecutionStatus.FAILED);

        JsonNode error = ok(failed).get("error");

        assertThat(error.get("code").asText()).isEqualTo(StoredExecutions.FAILURE.code());
        assertThat(error.get("message").asText()).isEqualTo(StoredExecutions.FAILURE.message());
        assertThat(error.size()).isEqualTo(2);
    }

    @Test
    void aReplayShowsAsANewRoundWhoseTransitionSaysReplay() {
        ExecutionRecord failed = executions.moveTo(executions.started("stripe", "invoice.paid", RECEIVED),
                ExecutionStatus.FAILED);
        ExecutionRecord replayed = executions.replay(failed, ExecutionStatus.PROCESSING);

        JsonNode status = ok(replayed);

        assertThat(status.get("round").asInt()).isEqualTo(2);
        assertThat(status.get("currentStep").asText()).isEqualTo("process");
        assertThat(status.has("error")).isFalse();
        JsonNode history = status.get("history");
        assertThat(history.findValuesAsText("status")).containsExactly("STARTED", "VALIDATING", "FAILED", "PROCESSING");
        JsonNode replay = history.get(3);
        assertThat(replay.get("reason").asText()).isEqualTo("replay");
        assertThat(replay.get("round").asInt()).isEqualTo(2);
        assertThat(history.get(2).has("reason")).isFalse();
    }

    @Test
    void thePayloadIsShownExactlyAsReceivedOnlyWhenTheRecordKeptIt() {
        String body = "{\"type\":\"order\",  \"orderId\":\"A-1\"}\n";
        ExecutionRecord exposed = executions.started("open", "order", RECEIVED, body);
        ExecutionRecord kept = executions.started("github", "order", RECEIVED);

        assertThat(ok(exposed).get("payload").asText()).isEqualTo(body);
        assertThat(ok(kept).has("payload")).isFalse();
        assertThat(get(kept.token().value()).getBody()).doesNotContain("payload");
    }

    @Test
    void anUnknownTokenIsFourOhFourAndAMalformedOneFourHundred() {
        ExecutionRecord stored = executions.started("github", "order", RECEIVED);
        String sameRecordOtherSecret = stored.recordId() + "A".repeat(22);

        for (String unknown : new String[] {"B".repeat(44), sameRecordOtherSecret}) {
            APIGatewayV2HTTPResponse response = get(unknown);
            assertThat(response.getStatusCode()).isEqualTo(404);
            assertThat(Json.tree(response.getBody()).get("error").get("code").asText()).isEqualTo("unknown_token");
        }
        APIGatewayV2HTTPResponse malformed = get("not-a-token");
        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(malformed.getBody()).get("error").get("code").asText()).isEqualTo("malformed_token");
    }

    @Test
    void aMissingTableAnswers503WithRetryAfter() {
        StatusHandler noTable = new StatusHandler(
                new StatusService(new ExecutionStore(dynamoDb.client(), "deleted-" + UUID.randomUUID())));

        APIGatewayV2HTTPResponse response = noTable.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withPathParameters(Map.of("token", "B".repeat(44))).build(), null);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsKey("retry-after");
        assertThat(Json.tree(response.getBody()).get("error").get("code").asText()).isEqualTo("store_unavailable");
    }

    private static JsonNode ok(ExecutionRecord record) {
        APIGatewayV2HTTPResponse response = get(record.token().value());
        assertThat(response.getStatusCode()).isEqualTo(200);
        return Json.tree(response.getBody());
    }

    private static APIGatewayV2HTTPResponse get(String token) {
        return handler.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRouteKey("GET /status/{token}")
                .withPathParameters(Map.of("token", token))
                .build(), null);
    }
}
