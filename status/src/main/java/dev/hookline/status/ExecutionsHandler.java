package dev.hookline.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.SnapStartPriming.QueueCall;
import dev.hookline.events.config.SnapStartPriming;
import dev.hookline.events.http.ApiResponses;
import dev.hookline.events.http.StoreOutageGuard;
import dev.hookline.events.store.listing.ExecutionListing;
import dev.hookline.events.store.listing.ExecutionSummary;
import dev.hookline.events.store.listing.InvalidListingQueryException;
import dev.hookline.events.store.listing.ListingPage;
import dev.hookline.events.store.listing.ListingQuery;
import dev.hookline.events.telemetry.LambdaLogging;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /executions?status=&source=&from=&to=&limit=&cursor=}: adapts the HTTP API event to
 * {@link ExecutionListing}. Answers {@code {"executions": [...], "nextCursor": ...}}, or 400
 * {@code invalid_query} naming the parameter to fix. For operators: on AWS the route is IAM-authorized.
 */
public final class ExecutionsHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, AutoCloseable {

    private final ExecutionListing listing;
    private final StoreOutageGuard store = new StoreOutageGuard();

    /** On Lambda: primed for SnapStart. */
    public ExecutionsHandler() {
        this(SnapStartPriming.register(FunctionEnvironment.lambda(), QueueCall.NONE));
    }

    public ExecutionsHandler(FunctionEnvironment environment) {
        this(new ExecutionListing(environment.clients().dynamoDb(), environment.settings().executionsTable()));
    }

    public ExecutionsHandler(ExecutionListing listing) {
        this.listing = listing;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return LambdaLogging.around(context, () -> respond(event));
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event) {
        Map<String, String> parameters =
                event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        return store.answer(() -> {
            try {
                ListingPage page = listing.list(ListingQuery.fromParameters(parameters));
                return ApiResponses.json(200, new Body(page.executions(), page.nextCursor().orElse(null)));
            } catch (InvalidListingQueryException invalid) {
                return ApiResponses.error(400, "invalid_query", invalid.getMessage());
            }
        });
    }

    @Override
    public void close() {
        listing.close();
    }

    /** The response body; {@code nextCursor} is {@code null} on the last page. */
    private record Body(List<ExecutionSummary> executions, String nextCursor) {
    }
}
