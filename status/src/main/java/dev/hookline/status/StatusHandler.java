package dev.hookline.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.SnapStartPriming.QueueCall;
import dev.hookline.events.config.SnapStartPriming;
import dev.hookline.events.http.ApiResponses;
import dev.hookline.events.http.StoreOutageGuard;
import dev.hookline.events.telemetry.LambdaLogging;
import java.util.Optional;

/** {@code GET /status/{token}}: adapts the HTTP API event to {@link StatusService}. */
public final class StatusHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final StatusService service;
    private final StoreOutageGuard store = new StoreOutageGuard();

    /** On Lambda: primed for SnapStart. */
    public StatusHandler() {
        this(SnapStartPriming.register(FunctionEnvironment.lambda(), QueueCall.NONE));
    }

    public StatusHandler(FunctionEnvironment environment) {
        this(StatusService.create(environment));
    }

    public StatusHandler(StatusService service) {
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return LambdaLogging.around(context, () -> respond(event));
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event) {
        String raw = event.getPathParameters() == null ? null : event.getPathParameters().get("token");
        Optional<ExecutionToken> token = ExecutionToken.parse(raw);
        if (token.isEmpty()) {
            return ApiResponses.error(400, "malformed_token",
                    "an execution token is the 44-character executionToken returned when the webhook was accepted");
        }
        return store.answer(() -> service.find(token.get())
                .map(view -> ApiResponses.json(200, view))
                .orElseGet(() -> ApiResponses.error(404, "unknown_token", "no execution has this token")));
    }
}
