package dev.hookline.events.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the HTTP API responses every handler returns: JSON bodies, and one shape for errors. */
public final class ApiResponses {

    private ApiResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int statusCode, Object body) {
        return json(statusCode, body, Map.of());
    }

    public static APIGatewayV2HTTPResponse json(int statusCode, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.putAll(extraHeaders);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(statusCode)
                .withHeaders(headers)
                .withBody(Json.write(body))
                .build();
    }

    /** {@code {"error": {"code": ..., "message": ...}}}: the message says what to fix. */
    public static APIGatewayV2HTTPResponse error(int statusCode, String code, String message) {
        return error(statusCode, code, message, Map.of());
    }

    public static APIGatewayV2HTTPResponse error(
            int statusCode, String code, String message, Map<String, String> extraHeaders) {
        return json(statusCode, Map.of("error", new ErrorBody(code, message)), extraHeaders);
    }

    /** 503 with {@code Retry-After}: a dependency is out, and the same request will work later. */
    public static APIGatewayV2HTTPResponse unavailable(String code, String message, int retryAfterSeconds) {
        return error(503, code, message, Map.of("retry-after", Integer.toString(retryAfterSeconds)));
    }

    private record ErrorBody(String code, String message) {
    }
}
