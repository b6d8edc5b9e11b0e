package dev.hookline.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.http.ApiResponses;
import dev.hookline.local.LocalContext;
import dev.hookline.local.template.CorsSpec;
import dev.hookline.local.template.HttpRoute;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.xnio.IoUtils;

/**
 * Stands in for API Gateway's HTTP API: turns each request into the payload 2.0 event, calls the
 * route's handler (the same class Lambda runs) on a worker thread, and writes its response back.
 * With a CORS configuration it answers preflight requests and marks responses for allowed origins,
 * as API Gateway does. It checks no authorization: IAM-authorized routes are open locally.
 *
 * <p>Everything before the handler runs on the connection's IO thread without waiting: routing, so
 * that the body of an unknown route is never kept, and the body itself ({@link RequestBodyReader}).
 * A worker is taken only for a request that has arrived whole, so slow or stalled clients cannot
 * use up the workers, and {@link GatewayLimits} bound how long such clients keep their connections.
 *
 * <p>Beside the template's routes it serves one of its own, {@value #METRICS_PATH}: the runtime's
 * metrics in the Prometheus text format, which on AWS are CloudWatch's.
 */
public final class HttpGateway implements AutoCloseable {

    /** The local-only route of the Prometheus scrape; the template declares no such route. */
    public static final String METRICS_PATH = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(HttpGateway.class);
    private static final String ACCESS_CONTROL_REQUEST_METHOD = "Access-Control-Request-Method";
    /** Finishes an answer sent while the request's body is still being read, without ending the exchange. */
    private static final IoCallback END_RESPONSE_ONLY = new IoCallback() {
        @Override
        public void onComplete(HttpServerExchange exchange, Sender sender) {
            sender.close();
        }

        @Override
        public void onException(HttpServerExchange exchange, Sender sender, IOException broken) {
            LOG.debug("an answer could not be sent; closing the connection", broken);
            IoUtils.safeClose(exchange.getConnection());
        }
    };

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
    private final GatewayLimits limits;
    private final RequestBodyReader bodies;
    private final PrometheusRegistry metrics;
    private final PrometheusTextFormatWriter metricsFormat = PrometheusTextFormatWriter.create();

    /** A gateway without CORS that reads bodies up to the ingest's default limit. */
    public HttpGateway(String host, int port, int workerThreads, List<Binding> routes) {
        this(host, port, workerThreads, routes, Optional.empty());
    }

    /**
     * A gateway that applies the HTTP API's CORS configuration, when there is one, and reads bodies
     * up to the ingest's default limit.
     */
    public HttpGateway(String host, int port, int workerThreads, List<Binding> routes, Optional<CorsSpec> cors) {
        this(host, port, workerThreads, routes, cors, HooklineSettings.DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * A gateway that refuses with {@code 413} any body over {@code maxBodyBytes}, before reading more
     * of it than that: the largest body its functions accept, since a longer one would be refused anyway.
     */
    public HttpGateway(String host, int port, int workerThreads, List<Binding> routes, Optional<CorsSpec> cors,
            int maxBodyBytes) {
        this(host, port, workerThreads, routes, cors, maxBodyBytes, new PrometheusRegistry());
    }

    /** A gateway that also serves {@code metrics} at {@value #METRICS_PATH}. */
    public HttpGateway(String host, int port, int workerThreads, List<Binding> routes, Optional<CorsSpec> cors,
            int maxBodyBytes, PrometheusRegistry metrics) {
        this(host, port, workerThreads, routes, cors, GatewayLimits.forBodiesUpTo(maxBodyBytes), metrics);
    }

    /** A gateway with its own limits, such as timeouts short enough for a test to wait out. */
    HttpGateway(String host, int port, int workerThreads, List<Binding> routes, Optional<CorsSpec> cors,
            GatewayLimits limits) {
        this(host, port, workerThreads, routes, cors, limits, new PrometheusRegistry());
    }

    private HttpGateway(String host, int port, int workerThreads, List<Binding> routes, Optional<CorsSpec> cors,
            GatewayLimits limits, PrometheusRegistry metrics) {
        this.metrics = metrics;
        this.cors = cors.map(CorsPolicy::new);
        this.limits = limits;
        this.bodies = new RequestBodyReader(limits);
        for (Binding binding : routes) {
            matchers.add(new RouteMatcher(binding.route()));
            bindings.put(binding.route(), binding);
        }
        this.server = Undertow.builder()
                .addHttpListener(port, host)
                .setWorkerThreads(workerThreads)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.headerTimeout().toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
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

    /** Responses the template's routes have sent so far, 2xx, 4xx and 5xx; scrapes of the metrics are not counted. */
    public long[] responseCounts() {
        return new long[] {accepted.sum(), clientErrors.sum(), serverErrors.sum()};
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Runs on the IO thread: everything here answers or moves on without waiting for the client. */
    private void handle(HttpServerExchange exchange) {
        String method = exchange.getRequestMethod().toString();
        String path = exchange.getRequestPath();
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (cors.isPresent() && CorsPolicy.isPreflight(method, origin,
                exchange.getRequestHeaders().getFirst(ACCESS_CONTROL_REQUEST_METHOD))) {
            respond(exchange, APIGatewayV2HTTPResponse.builder().withStatusCode(204).build(),
                    cors.get().preflightHeaders(origin));
            bodies.throwAway(exchange);
            return;
        }
        Map<String, String> corsHeaders = cors.map(policy -> policy.responseHeaders(origin)).orElse(Map.of());
        if (path.equals(METRICS_PATH)) {
            if (method.equals("GET")) {
                send(exchange, metricsPage(), corsHeaders);
            } else {
                respond(exchange, ApiResponses.error(405, "method_not_allowed", method + " is not supported on "
                        + path, Map.of("allow", "GET")), corsHeaders);
            }
            bodies.throwAway(exchange);
            return;
        }
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
            bodies.read(exchange,
                    (received, body) -> received.dispatch(dispatched ->
                            respond(dispatched, invoke(binding, dispatched, body, parameters.get()), corsHeaders)),
                    refused -> respond(refused, ApiResponses.error(413, "body_too_large",
                            "the body is over the limit of " + limits.maxBodyBytes() + " bytes"), corsHeaders));
            return;
        }
        respond(exchange, allowed.isEmpty()
                ? ApiResponses.error(404, "not_found", "no route for " + method + " " + path)
                : ApiResponses.error(405, "method_not_allowed", method + " is not supported on " + path,
                        Map.of("allow", String.join(", ", allowed))), corsHeaders);
        bodies.throwAway(exchange);
    }

    /** Runs on a worker thread: the function may take as long as its timeout allows. */
    private APIGatewayV2HTTPResponse invoke(Binding binding, HttpServerExchange exchange, byte[] body,
            Map<String, String> pathParameters) {
        APIGatewayV2HTTPEvent event = HttpApiEvents.toEvent(request(exchange, body), binding.route().routeKey(),
                pathParameters);
        try {
            APIGatewayV2HTTPResponse response = binding.handler()
                    .handleRequest(event, new LocalContext(binding.functionName(), binding.timeoutSeconds()));
            return response != null ? response
                    : ApiResponses.error(502, "bad_gateway", binding.functionName() + " returned no response");
        } catch (RuntimeException failure) {
            // The route, not the path: GET /status/{token} carries a credential in its path.
            LOG.error("{} failed on {}", binding.functionName(), binding.route().routeKey(), failure);
            return ApiResponses.error(500, "internal_error", "the request could not be handled; it was logged");
        }
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
     * The scrape, written on the IO thread: it reads counters already in memory, so it never waits.
     * Its content type is the one Prometheus asks for in its {@code Accept} header.
     */
    private APIGatewayV2HTTPResponse metricsPage() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            metricsFormat.write(text, metrics.scrape());
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException(cannotHappen);
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("content-type", PrometheusTextFormatWriter.CONTENT_TYPE))
                .withBody(text.toString(StandardCharsets.UTF_8))
                .build();
    }

    /** Counts a response by its status class and writes it. */
    private void respond(HttpServerExchange exchange, APIGatewayV2HTTPResponse response,
            Map<String, String> corsHeaders) {
        int status = response.getStatusCode();
        (status >= 500 ? serverErrors : status >= 400 ? clientErrors : accepted).increment();
        send(exchange, response, corsHeaders);
    }

    /**
     * Writes a response. With a CORS configuration, {@code corsHeaders} replace whatever CORS headers
     * the function set, as on API Gateway.
     */
    private void send(HttpServerExchange exchange, APIGatewayV2HTTPResponse response,
            Map<String, String> corsHeaders) {
        int status = response.getStatusCode();
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
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        if (exchange.isRequestComplete()) {
            exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
            return;
        }
        // The body is still arriving, for no route or over the limit, and the body reader throws it away:
        // this ends the response alone, and the exchange ends, closing the connection, when the reader is done.
        exchange.setPersistent(false);
        exchange.setResponseContentLength(bytes.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes), END_RESPONSE_ONLY);
    }

    /** The routes this gateway serves, for the startup banner. */
    public String describeRoutes() {
        return bindings.values().stream()
                .map(b -> "  " + b.route().routeKey() + " -> " + b.functionName())
                .collect(Collectors.joining(System.lineSeparator()))
                + System.lineSeparator() + "  GET " + METRICS_PATH + " -> Prometheus text format (local only)";
    }
}
