package dev.hookline.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.config.AwsClients;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.ExecutionsTestTable;
import dev.hookline.events.store.StoredExecutions;
import dev.hookline.events.store.listing.ExecutionListing;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExecutionsHandlerTest {

    private static final Instant BASE = Instant.parse("2026-06-01T12:00:00Z");

    @RegisterExtension
    static final ExecutionsTestTable dynamoDb = new ExecutionsTestTable();
    private static final ExecutionsHandler handler = new ExecutionsHandler(new FunctionEnvironment(
            Map.of(HooklineSettings.EXECUTIONS_TABLE, dynamoDb.table()), AwsClients.of(dynamoDb.client(), null)));
    private static ExecutionRecord failed;
    private static ExecutionRecord completed;
    private static ExecutionRecord started;

    @BeforeAll
    static void storeThreeExecutions() {
        StoredExecutions executions = new StoredExecutions(dynamoDb.store());
        started = executions.started("github", null, BASE);
        completed = executions.moveTo(executions.started("github", "order", BASE.plusSeconds(1)),
                ExecutionStatus.COMPLETED);
        failed = executions.moveTo(executions.started("stripe", "invoice.paid", BASE.plusSeconds(2)),
                ExecutionStatus.FAILED);
    }

    @AfterAll
    static void closeHandler() {
        handler.close();
    }

    @Test
    void aPageIsAnArrayOfExecutionsAndTheCursorOfTheNext() {
        APIGatewayV2HTTPResponse response = get(Map.of("limit", "2"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
        JsonNode body = Json.tree(response.getBody());
        assertThat(body.get("nextCursor").isTextual()).isTrue();
        JsonNode executions = body.get("executions");
        assertThat(executions.findValuesAsText("executionToken"))
                .containsExactly(failed.token().value(), completed.token().value());
        JsonNode newest = executions.get(0);
        assertThat(newest.get("source").asText()).isEqualTo("stripe");
        assertThat(newest.get("type").asText()).isEqualTo("invoice.paid");
        assertThat(newest.get("status").asText()).isEqualTo("FAILED");
        assertThat(newest.get("round").asInt()).isEqualTo(1);
        assertThat(newest.get("attempts").asInt()).isEqualTo(1);
        assertThat(newest.get("receivedAt").asText()).isEqualTo("2026-06-01T12:00:02Z");
        assertThat(newest.get("lastUpdated").asText()).isEqualTo(failed.lastUpdated().toString());
        assertThat(newest.get("error").get("code").asText()).isEqualTo(StoredExecutions.FAILURE.code());
        assertThat(newest.get("error").get("message").asText()).isEqualTo(StoredExecutions.FAILURE.message());
        assertThat(executions.get(1).has("error")).isFalse();
        assertThat(newest.has("history")).isFalse();
        assertThat(newest.has("result")).isFalse();
    }

    @Test
    void theLastPageSaysThereIsNoNextCursor() {
        String cursor = Json.tree(get(Map.of("limit", "2")).getBody()).get("nextCursor").asText();

        JsonNode last = Json.tree(get(Map.of("limit", "2", "cursor", cursor)).getBody());

        assertThat(last.get("executions").findValuesAsText("executionToken")).containsExactly(started.token().value());
        assertThat(last.get("executions").get(0).has("type")).isFalse();
        assertThat(last.has("nextCursor")).isTrue();
        assertThat(last.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void filtersAreReadFromTheQueryString() {
        JsonNode body = Json.tree(get(Map.of("status", "COMPLETED", "source", "github")).getBody());

        assertThat(body.get("executions").findValuesAsText("executionToken")).containsExactly(completed.token().value());
    }

    @Test
    void noQueryStringListsTheNewest() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(response.getBody()).get("executions")).hasSize(3);
    }

    @Test
    void badParametersAnswerFourHundredInvalidQueryNamingTheParameter() {
        Map<Map<String, String>, String> requests = Map.of(
                Map.of("limit", "0"), "limit",
                Map.of("limit", "many"), "limit",
                Map.of("status", "LOST"), "status",
                Map.of("from", "2026-06-02T00:00:00Z", "to", "2026-06-01T00:00:00Z"), "from",
                Map.of("cursor", "bogus"), "cursor",
                Map.of("sort", "asc"), "sort");

        requests.forEach((parameters, named) -> {
            APIGatewayV2HTTPResponse response = get(parameters);
            assertThat(response.getStatusCode()).as("%s", parameters).isEqualTo(400);
            JsonNode error = Json.tree(response.getBody()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("invalid_query");
            assertThat(error.get("message").asText()).as("%s", parameters).contains(named);
        });
    }

    @Test
    void aCursorFromOtherFiltersAnswersFourHundred() {
        String cursor = Json.tree(get(Map.of("limit", "1", "source", "github")).getBody()).get("nextCursor").asText();

        APIGatewayV2HTTPResponse response = get(Map.of("limit", "1", "source", "stripe", "cursor", cursor));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(response.getBody()).get("error").get("message").asText())
                .contains("cursor was issued for other filters");
    }

    @Test
    void aMissingTableAnswers503WithRetryAfter() {
        try (ExecutionsHandler noTable = new ExecutionsHandler(new ExecutionListing(dynamoDb.client(),
                "deleted-" + UUID.randomUUID()))) {
            APIGatewayV2HTTPResponse response = noTable.handleRequest(
                    APIGatewayV2HTTPEvent.builder().withQueryStringParameters(Map.of()).build(), null);

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(response.getHeaders()).containsEntry("retry-after", "5");
            assertThat(Json.tree(response.getBody()).at("/error/code").asText()).isEqualTo("store_unavailable");
        }
    }

    private static APIGatewayV2HTTPResponse get(Map<String, String> parameters) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey("GET /executions")
                .withRawPath("/executions")
                .withQueryStringParameters(parameters)
                .build();
        return handler.handleRequest(event, null);
    }
}
