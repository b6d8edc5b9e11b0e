package dev.hookline.local.console;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.http.ApiResponses;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.listing.ExecutionSummary;
import dev.hookline.events.store.listing.ListingPage;
import dev.hookline.events.store.listing.ListingQuery;
import dev.hookline.local.cli.JsonViews;
import dev.hookline.local.dlq.DeadLetterSelection;
import dev.hookline.local.dlq.QueueDepth;
import dev.hookline.local.dlq.ReplayReport;
import dev.hookline.status.ExecutionView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's JSON API, each call a thin adapter over what the operator commands use: the
 * listing index, the execution store, the dead-letter queue and the queues' attributes. Errors have
 * the project's shape, {@code {"error": {"code", "message"}}}.
 */
final class ConsoleApi {

    /** The overview's windows, and the width of the chart's bars in each. */
    static final Map<String, Duration> WINDOWS = windows();
    private static final Map<Duration, Duration> BUCKETS = Map.of(Duration.ofMinutes(15), Duration.ofMinutes(1),
            Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofHours(6), Duration.ofMinutes(5),
            Duration.ofHours(24), Duration.ofMinutes(20));
    private static final int DEAD_LETTERS_SHOWN = 100;

    private final ConsoleData data;
    private final Clock clock;
    private final Map<Duration, WindowTally> tallies = new ConcurrentHashMap<>();

    ConsoleApi(ConsoleData data, Clock clock) {
        this.data = data;
        this.clock = clock;
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("15m", Duration.ofMinutes(15));
        windows.put("1h", Duration.ofHours(1));
        windows.put("6h", Duration.ofHours(6));
        windows.put("24h", Duration.ofHours(24));
        return windows;
    }

    APIGatewayV2HTTPResponse overview(Map<String, String> parameters) {
        String name = parameters.getOrDefault("window", "15m");
        Duration window = WINDOWS.get(name);
        if (window == null) {
            return ApiResponses.error(400, "invalid_query", "window must be one of "
                    + String.join(", ", WINDOWS.keySet()));
        }
        WindowTally.Snapshot snapshot = tallies.computeIfAbsent(window, WindowTally::new)
                .refresh(data.listing(), data.store(), clock.instant());
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("window", name);
        root.put("from", snapshot.from().toString());
        root.put("to", snapshot.to().toString());
        root.put("total", snapshot.executions().size());
        root.put("read", snapshot.read());
        ObjectNode byStatus = root.putObject("byStatus");
        WindowTally.byStatus(snapshot.executions()).forEach((status, count) -> byStatus.put(status.name(), count));
        Duration bucket = BUCKETS.get(window);
        root.put("bucketSeconds", bucket.toSeconds());
        ArrayNode buckets = root.putArray("buckets");
        for (long[] counts : WindowTally.perBucket(snapshot.executions(), snapshot.from(), snapshot.to(), bucket)) {
            ObjectNode entry = buckets.addObject();
            entry.put("at", Instant.ofEpochMilli(counts[0]).toString());
            entry.put("accepted", counts[1]);
            entry.put("completed", counts[2]);
            entry.put("failed", counts[3]);
        }
        depth(root.putObject("webhookQueue"), data.webhookQueueDepth());
        depth(root.putObject("deadLetterQueue"), data.deadLetterQueue().depth());
        snapshot.executions().stream()
                .filter(summary -> !summary.status().isTerminal())
                .map(ExecutionSummary::receivedAt)
                .min(Comparator.naturalOrder())
                .ifPresent(oldest -> {
                    ObjectNode entry = root.putObject("oldestUnfinished");
                    entry.put("receivedAt", oldest.toString());
                    entry.put("ageSeconds", Duration.between(oldest, snapshot.to()).toSeconds());
                });
        return ApiResponses.json(200, root);
    }

    private static void depth(ObjectNode node, QueueDepth depth) {
        node.put("visible", depth.visible());
        node.put("inFlight", depth.inFlight());
        node.put("total", depth.total());
    }

    /** The same parameters as the status API's {@code GET /executions}, and the same page. */
    APIGatewayV2HTTPResponse executions(Map<String, String> parameters) {
        ListingPage page = data.listing().list(ListingQuery.fromParameters(parameters));
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode array = root.putArray("executions");
        page.executions().forEach(summary -> array.add(Json.mapper().valueToTree(summary)));
        page.nextCursor().ifPresent(cursor -> root.put("nextCursor", cursor));
        return ApiResponses.json(200, root);
    }

    /** What {@code GET /status/{token}} shows: history, error, result, and the payload where the source exposes it. */
    APIGatewayV2HTTPResponse execution(String token) {
        return ExecutionToken.parse(token)
                .flatMap(data.store()::findByToken)
                .map(record -> ApiResponses.json(200, ExecutionView.of(record)))
                .orElseGet(() -> ApiResponses.error(404, "not_found", "no execution has this token (it may have"
                        + " expired)"));
    }

    APIGatewayV2HTTPResponse deadLetters() {
        return ApiResponses.json(200, JsonViews.deadLetterListing(data.deadLetterQueueUrl(),
                data.deadLetterQueue().list(DEAD_LETTERS_SHOWN), clock.instant()));
    }

    /** {@code {"all": true}} or {@code {"tokens": [...]}}: the same replay as {@code hookline dlq replay}. */
    APIGatewayV2HTTPResponse replay(String body) {
        JsonNode request;
        try {
            request = Json.tree(body);
        } catch (Json.MalformedJsonException malformed) {
            return ApiResponses.error(400, "invalid_request", "the body must be JSON: {\"all\": true} or"
                    + " {\"tokens\": [...]}");
        }
        Set<String> tokens = new LinkedHashSet<>();
        request.path("tokens").forEach(token -> tokens.add(token.asText()));
        boolean all = request.path("all").asBoolean(false);
        if (all == !tokens.isEmpty()) {
            return ApiResponses.error(400, "invalid_request", "give either {\"all\": true} or a non-empty"
                    + " {\"tokens\": [...]}, not both");
        }
        Optional<String> malformed = tokens.stream().filter(token -> ExecutionToken.parse(token).isEmpty()).findFirst();
        if (malformed.isPresent()) {
            return ApiResponses.error(400, "invalid_request", "tokens must be execution tokens (44 characters)");
        }
        DeadLetterSelection selection = DeadLetterSelection.everything().withTokens(tokens);
        ReplayReport report = data.deadLetterQueue().replay(selection);
        Set<String> sentBack = new LinkedHashSet<>();
        report.replayed().forEach(letter -> sentBack.add(letter.executionToken()));
        tallies.values().forEach(tally -> tally.replayed(sentBack));
        ObjectNode root = JsonViews.replayReport(report, selection, data.deadLetterQueueUrl(), data.queueUrl(),
                clock.instant());
        root.put("complete", report.isComplete());
        return ApiResponses.json(200, root);
    }

}
