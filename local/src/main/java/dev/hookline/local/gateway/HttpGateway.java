package dev.hookline.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.http.ApiResponses;
import dev.hookline.local.LocalContext;
import dev.hookline.local.template.CorsSpec;
import dev.hookline.local.template.HttpRoute;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for API Gateway's HTTP API: turns each request into the payload 2.0 event, calls the
 * route's handler (the same class Lambda runs) on a worker thread, and writes its response back.
 * With a CORS configuration it answers preflight requests and marks responses for allowed origins,
 * as API Gateway does. It checks no authorization: IAM-authorized routes are open locally.
 */
public final class HttpGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGateway.class);
    /** API Gateway's own payload limit. */
    private static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;
    private static final String ACCESS_CONTROL_REQUEST_METHOD = "Access-Control-Request-Method";

    /** A route and the function that serves it. */
    public record Binding(HttpRoute route, String functionName, int timeoutSeconds,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    }

    private final List<RouteMatcher> matchers = new ArrayList<>();
    private final Map<HttpRoute, Binding> bindings = new LinkedHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final Undertow server;
    private final Optional<CorsPolicy> cors;

    public HttpGateway(String host, int port, int workerThreads, List<Binding> routes) {
        this(host, port, workerThreads, routes, Optional.empty());
    }

    /** A gateway that applies the HTTP API's CORS configuration, when there is one. */
    public HttpGateway(String host, int port, int workerThreads, List<Binding> routes, Optional<CorsSpec> cors) {
        this.cors = cors.map(CorsPolicy::new);
        for (Binding binding : routes) {
            matchers.add(new RouteMatcher(binding.route()));
            bindings.put(binding.route(), binding);
        }
        this.server = Undertow.builder()
                .addHttpListener(port, host)
                .setWorkerThreads(workerThreads)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_REQUEST_BYTES)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setHandler(this::handle)
                .build();
    }

    public HttpGateway start() {
        server.start();
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Responses sent so far: 2xx, 4xx and 5xx. */
    public long[] responseCounts() {
        return new long[] {accepted.sum(), clientErrors.sum(), serverErrors.sum()};
    }

    @Override
    public void close() {
        server.stop();
    }

    private void handle(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this::handle);
            return;
        }
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (cors.isPresent() && CorsPolicy.isPreflight(exchange.getRequestMethod().toString(), origin,
                exchange.getRequestHeaders().getFirst(ACCESS_CONTROL_REQUEST_METHOD))) {
            respond(exchange, APIGatewayV2HTTPResponse.builder().withStatusCode(204).build(),
                    cors.get().preflightHeaders(origin));
            return;
        }
        Map<String, String> corsHeaders = cors.map(policy -> policy.responseHeaders(origin)).orElse(Map.of());
        exchange.startBlocking();
        byte[] body;
        try (InputStream in = exchange.getInputStream()) {
            body = in.readAllBytes();
        } catch (IOException tooLargeOrBroken) {
            respond(exchange, ApiResponses.error(413, "body_too_large",
                    "the request body could not be read whole; the gateway accepts up to "
                            + MAX_REQUEST_BYTES + " bytes"), corsHeaders);
            return;
        }
        respond(exchange, invoke(exchange, body), corsHeaders);
    }

    private APIGatewayV2HTTPResponse invoke(HttpServerExchange exchange, byte[] body) {
        String method = exchange.getRequestMethod().toString();
        String path = exchange.getRequestPath();
        List<String> allowed = new ArrayList<>();
        for (RouteMatcher matcher : matchers) {
            Optional<Map<String, String>> parameters = matcher.match(path);
            if (parameters.isEmpty()) {
                continue;
            }
            if (!matcher.route().method().equals(method)) {
                allowed.add(matcher.route().method());
                continue;
            }
            Binding binding = bindings.get(matcher.route());
            APIGatewayV2HTTPEvent event = HttpApiEvents.toEvent(request(exchange, body),
                    matcher.route().routeKey(), parameters.get());
            try {
                APIGatewayV2HTTPResponse response = binding.handler()
                        .handleRequest(event, new LocalContext(binding.functionName(), binding.timeoutSeconds()));
                return response != null ? response
                        : ApiResponses.error(502, "bad_gateway", binding.functionName() + " returned no response");
            } catch (RuntimeException failure) {
                LOG.error("{} failed on {} {}", binding.functionName(), method, path, failure);
                return ApiResponses.error(500, "internal_error", "the request could not be handled; it was logged");
            }
        }
        if (!allowed.isEmpty()) {
            return ApiResponses.error(405, "method_not_allowed", method + " is not supported on " + path,
                    Map.of("allow", String.join(", ", allowed)));
        }
        return ApiResponses.error(404, "not_found", "no route for " + method + " " + path);
    }

    private static HttpApiEvents.Request request(HttpServerExchange exchange, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString(), new ArrayList<>(values));
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, Deque<String>> parameter : exchange.getQueryParameters().entrySet()) {
            query.put(parameter.getKey(), String.join(",", parameter.getValue()));
        }
        InetSocketAddress peer = exchange.getSourceAddress();
        // The path as sent, still percent-encoded, as API Gateway's rawPath is.
        return new HttpApiEvents.Request(exchange.getRequestMethod().toString(), exchange.getRequestURI(),
                exchange.getQueryString(), headers, query, body,
                peer == null ? "127.0.0.1" : peer.getAddress().getHostAddress());
    }

    /**
     * Writes a function's response. With a CORS configuration, {@code corsHeaders} replace whatever
     * CORS headers the function set, as on API Gateway.
     */
    private void respond(HttpServerExchange exchange, APIGatewayV2HTTPResponse response,
            Map<String, String> corsHeaders) {
        int status = response.getStatusCode();
        (status >= 500 ? serverErrors : status >= 400 ? clientErrors : accepted).increment();
        exchange.setStatusCode(status);
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) ->
                    exchange.getResponseHeaders().putAll(new HttpString(name), values));
        }
        if (cors.isPresent()) {
            List<HttpString> functionCorsHeaders = new ArrayList<>();
            for (HeaderValues values : exchange.getResponseHeaders()) {
                if (values.getHeaderName().toString().toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                    functionCorsHeaders.add(values.getHeaderName());
                }
            }
            functionCorsHeaders.forEach(name -> exchange.getResponseHeaders().remove(name));
            corsHeaders.forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        }
        String body = response.getBody();
        if (body == null) {
            exchange.endExchange();
            return;
        }
        byte[] bytes = response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    /** The routes this gateway serves, for the startup banner. */
    public String describeRoutes() {
        return bindings.values().stream()
                .map(b -> "  " + b.route().routeKey() + " -> " + b.functionName())
                .collect(Collectors.joining(System.lineSeparator()));
    }
}
