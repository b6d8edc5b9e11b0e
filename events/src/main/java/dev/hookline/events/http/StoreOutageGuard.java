package dev.hookline.events.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.store.StoreOutages;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Answers a request that reads the execution store, turning a DynamoDB outage into 503 with
 * {@code Retry-After} and logging it once per outage ({@link OutageLog}). One per handler.
 */
public final class StoreOutageGuard {

    private static final int RETRY_AFTER_SECONDS = 5;

    private final OutageLog outage = new OutageLog("DynamoDB (the execution store)", Clock.systemUTC());

    public APIGatewayV2HTTPResponse answer(Supplier<APIGatewayV2HTTPResponse> request) {
        APIGatewayV2HTTPResponse response;
        try {
            response = request.get();
        } catch (SdkException failure) {
            if (!StoreOutages.isOutage(failure)) {
                throw failure;
            }
            outage.failed(failure);
            return ApiResponses.unavailable("store_unavailable", "the execution store is unavailable; retry shortly",
                    RETRY_AFTER_SECONDS);
        }
        outage.succeeded();
        return response;
    }
}
