package dev.hookline.events.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.store.StoreOutages;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs what needs the execution store, turning a DynamoDB outage into the caller's 503 answer with
 * {@code Retry-After} and logging it once per outage ({@link OutageLog}). One per function.
 */
public final class StoreOutageGuard {

    /** What a 503 for a store outage asks the caller to wait. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final OutageLog outage = new OutageLog("DynamoDB (the execution store)", Clock.systemUTC());

    /** An HTTP route's answer, or 503 {@code store_unavailable} while the store is out. */
    public APIGatewayV2HTTPResponse answer(Supplier<APIGatewayV2HTTPResponse> request) {
        return call(request, () -> ApiResponses.unavailable("store_unavailable",
                "the execution store is unavailable; retry shortly", RETRY_AFTER_SECONDS));
    }

    /** What {@code work} returns, or what {@code whenOut} makes while the store is out; a bug still throws. */
    public <T> T call(Supplier<T> work, Supplier<T> whenOut) {
        T result;
        try {
            result = work.get();
        } catch (SdkException failure) {
            if (!StoreOutages.isOutage(failure)) {
                throw failure;
            }
            outage.failed(failure);
            return whenOut.get();
        }
        outage.succeeded();
        return result;
    }
}
