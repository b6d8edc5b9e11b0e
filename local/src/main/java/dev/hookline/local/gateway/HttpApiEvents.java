package dev.hookline.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the API Gateway HTTP API (payload format 2.0) event for a request, as API Gateway does:
 * lower-case headers with repeated values joined by commas, path parameters, and a body that is
 * base64-encoded unless it is text.
 */
public final class HttpApiEvents {

    private HttpApiEvents() {
    }

    /** One HTTP request as the gateway received it. */
    public record Request(String method, String path, String rawQueryString, Map<String, List<String>> headers,
            Map<String, String> queryParameters, byte[] body, String sourceIp) {
    }

    public static APIGatewayV2HTTPEvent toEvent(Request request, String routeKey, Map<String, String> pathParameters) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String text = request.body().length == 0 ? null : textOrNull(headers.get("content-type"), request.body());
        boolean base64 = request.body().length > 0 && text == null;
        Instant now = Instant.now();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(request.path())
                .withRawQueryString(request.rawQueryString() == null ? "" : request.rawQueryString())
                .withHeaders(headers)
                .withQueryStringParameters(request.queryParameters().isEmpty() ? null : request.queryParameters())
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(request.body().length == 0 ? null
                        : base64 ? Base64.getEncoder().encodeToString(request.body()) : text)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withRequestId(UUID.randomUUID().toString())
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "localhost"))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method())
                                .withPath(request.path())
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(request.sourceIp())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    /** The body as text when its content type is textual and it decodes as UTF-8 without loss. */
    private static String textOrNull(String contentType, byte[] body) {
        if (contentType != null && !isText(contentType.toLowerCase(Locale.ROOT))) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException binary) {
            return null;
        }
    }

    private static boolean isText(String contentType) {
        return contentType.startsWith("text/") || contentType.contains("json") || contentType.contains("xml")
                || contentType.startsWith("application/x-www-form-urlencoded");
    }
}
