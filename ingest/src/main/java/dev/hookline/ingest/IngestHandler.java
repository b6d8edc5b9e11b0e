package dev.hookline.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.SnapStartPriming.QueueCall;
import dev.hookline.events.config.SnapStartPriming;
import dev.hookline.events.http.ApiResponses;
import dev.hookline.events.telemetry.LambdaLogging;
import dev.hookline.ingest.IngestResult.Accepted;
import dev.hookline.ingest.IngestResult.Refused;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /webhooks/{source}}: adapts the HTTP API event to {@link IngestService}. */
public final class IngestHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, AutoCloseable {

    private final IngestService service;

    /** On Lambda: primed for SnapStart, with the token generator reseeded after each restore. */
    public IngestHandler() {
        this(FunctionEnvironment.lambda(), new SecureRandom());
    }

    private IngestHandler(FunctionEnvironment lambda, SecureRandom tokenRandom) {
        this(IngestService.create(
                SnapStartPriming.register(lambda, QueueCall.SEND_MESSAGE_BATCH, tokenRandom), tokenRandom));
    }

    public IngestHandler(FunctionEnvironment environment) {
        this(IngestService.create(environment));
    }

    public IngestHandler(IngestService service) {
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return LambdaLogging.around(context, () -> respond(event));
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && !"POST".equalsIgnoreCase(event.getRequestContext().getHttp().getMethod())) {
            return ApiResponses.error(405, "method_not_allowed", "send webhooks with POST", Map.of("allow", "POST"));
        }
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        String source = event.getPathParameters() == null ? "" : event.getPathParameters().getOrDefault("source", "");
        IncomingWebhook webhook = new IncomingWebhook(source, headers, rawBody(event), apiUrl(event));
        IngestResult result = service.accept(webhook);
        if (result instanceof Accepted accepted) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("executionToken", accepted.token().value());
            body.put("status", accepted.status().name());
            body.put("statusUrl", accepted.statusUrl());
            if (accepted.duplicate()) {
                body.put("duplicate", true);
            }
            return ApiResponses.json(202, body);
        }
        Refused refused = (Refused) result;
        Map<String, String> extra = refused.retryAfterSeconds() == null
                ? Map.of()
                : Map.of("retry-after", refused.retryAfterSeconds().toString());
        return ApiResponses.error(refused.httpStatus(), refused.code(), refused.message(), extra);
    }

    @Override
    public void close() {
        service.close();
    }

    private static byte[] rawBody(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded()
                ? Base64.getDecoder().decode(event.getBody())
                : event.getBody().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The API's own address: API Gateway routes a request by its domain (the execute-api one or a
     * mapped custom domain) and reports it as {@code domainName}; HTTP APIs serve HTTPS only. Null
     * without a request context, as in a hand-written test event.
     */
    private static String apiUrl(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() == null || event.getRequestContext().getDomainName() == null
                || event.getRequestContext().getDomainName().isBlank()) {
            return null;
        }
        return "https://" + event.getRequestContext().getDomainName();
    }
}
