package dev.hookline.local.console;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.http.ApiResponses;
import dev.hookline.events.store.listing.InvalidListingQueryException;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The operator console: static pages from the jar and their JSON API under {@code /api}, on one
 * Undertow listener. Only the console's own pages may replay (see {@link SessionGuard}); and when it
 * listens on one address, requests naming another host are refused, so a page on a name that
 * resolves to this machine (DNS rebinding) cannot read it either.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final String STATIC = "/dev/hookline/local/console/static/";
    private static final Pattern STATIC_FILE = Pattern.compile("/[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Pattern EXECUTION = Pattern.compile("/api/executions/([A-Za-z0-9_-]{1,100})");
    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int WORKER_THREADS = 8;

    private final Undertow server;
    private final String host;
    private final ConsoleData data;
    private final ConsoleApi api;
    private final SessionGuard guard = new SessionGuard();
    /** Known once the listener has its port. */
    private volatile Set<String> ownOrigins = Set.of();

    private ConsoleServer(String host, int port, ConsoleData data) {
        this.host = host;
        this.data = data;
        this.api = new ConsoleApi(data, Clock.systemUTC());
        this.server = Undertow.builder()
                .addHttpListener(port, host)
                .setWorkerThreads(WORKER_THREADS)
                .setHandler(new BlockingHandler(this::handle))
                .build();
    }

    /** Starts the console on {@code host:port} (0: a free port) over {@code data}. */
    public static ConsoleServer start(String host, int port, ConsoleData data) {
        ConsoleServer console = new ConsoleServer(host, port, data);
        console.server.start();
        console.ownOrigins = origins(host, console.port());
        return console;
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** The address to open in a browser. */
    public String url() {
        return "http://" + (isWildcard(host) ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host) + ":"
                + port();
    }

    @Override
    public void close() {
        server.stop();
        data.close();
    }

    private void handle(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        String route = path.startsWith("/api/executions/") ? "/api/executions/{token}" : path;
        APIGatewayV2HTTPResponse response;
        try {
            response = respond(exchange, path);
        } catch (InvalidListingQueryException invalid) {
            response = ApiResponses.error(400, "invalid_query", invalid.getMessage());
        } catch (SdkException unreachable) {
            // The route's pattern only: a path may hold an execution token, which no log line shows.
            LOG.warn("console: {} {} could not read AWS: {}", exchange.getRequestMethod(), route,
                    unreachable.getClass().getSimpleName());
            response = ApiResponses.error(502, "aws_unavailable", "DynamoDB or SQS did not answer: "
                    + unreachable.getMessage());
        } catch (RuntimeException failed) {
            LOG.error("console: {} {} failed: {}", exchange.getRequestMethod(), route,
                    failed.getClass().getSimpleName());
            response = ApiResponses.error(500, "internal_error", "the console failed; its log says where");
        }
        send(exchange, response);
    }

    private APIGatewayV2HTTPResponse respond(HttpServerExchange exchange, String path) {
        Optional<String> hostHeader = header(exchange, Headers.HOST_STRING);
        if (!isWildcard(host) && hostHeader.map(value -> !ownOrigins.contains("http://" + value)).orElse(true)) {
            return ApiResponses.error(403, "wrong_host", "the console answers on " + url() + " only");
        }
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        if (path.equals("/api/dlq/replay")) {
            if (!exchange.getRequestMethod().equals(Methods.POST)) {
                return ApiResponses.error(405, "method_not_allowed", "replay with POST");
            }
            Set<String> origins = isWildcard(host) ? Set.of("http://" + hostHeader.orElse("")) : ownOrigins;
            Optional<String> refusal = guard.refusal(header(exchange, "Origin"), origins, cookie(exchange, port()),
                    header(exchange, SessionGuard.HEADER));
            if (refusal.isPresent()) {
                return ApiResponses.error(403, "forbidden", refusal.get());
            }
            return api.replay(body(exchange));
        }
        if (!get) {
            return ApiResponses.error(405, "method_not_allowed", "only GET here; replay is POST /api/dlq/replay");
        }
        if (path.equals("/api/overview")) {
            return api.overview(parameters(exchange));
        }
        if (path.equals("/api/executions")) {
            return api.executions(parameters(exchange));
        }
        var execution = EXECUTION.matcher(path);
        if (execution.matches()) {
            return api.execution(execution.group(1));
        }
        if (path.equals("/api/dlq")) {
            return api.deadLetters();
        }
        if (path.equals("/") || path.equals("/index.html")) {
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, SessionGuard.cookieHeader(port(), guard.issue()));
            return file("index.html");
        }
        if (STATIC_FILE.matcher(path).matches()) {
            return file(path.substring(1));
        }
        return ApiResponses.error(404, "not_found", "nothing at " + (path.startsWith("/api/") ? "this path" : path));
    }

    private static APIGatewayV2HTTPResponse file(String name) {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(STATIC + name)) {
            if (in == null) {
                return ApiResponses.error(404, "not_found", "nothing at /" + name);
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(200)
                    .withHeaders(Map.of("content-type", CONTENT_TYPES.get(extension)))
                    .withBody(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .build();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static void send(HttpServerExchange exchange, APIGatewayV2HTTPResponse response) {
        exchange.setStatusCode(response.getStatusCode());
        response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        // No framing (a page elsewhere cannot overlay the replay button) and scripts from here only.
        exchange.getResponseHeaders().put(new HttpString("Content-Security-Policy"),
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
        exchange.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
        exchange.getResponseHeaders().put(new HttpString("Referrer-Policy"), "no-referrer");
        exchange.getResponseSender().send(response.getBody());
    }

    private static String body(HttpServerExchange exchange) {
        try {
            byte[] bytes = exchange.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                return "";
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static Map<String, String> parameters(HttpServerExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, Deque<String>> parameter : exchange.getQueryParameters().entrySet()) {
            parameters.put(parameter.getKey(), parameter.getValue().peekFirst());
        }
        return parameters;
    }

    private static Optional<String> header(HttpServerExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    private static Optional<String> cookie(HttpServerExchange exchange, int port) {
        for (Cookie cookie : exchange.requestCookies()) {
            if (cookie.getName().equals(SessionGuard.cookieName(port))) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    private static Set<String> origins(String host, int port) {
        Set<String> origins = new LinkedHashSet<>();
        origins.add("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        if (isLoopback(host)) {
            for (String name : new String[] {"127.0.0.1", "localhost", "[::1]"}) {
                origins.add("http://" + name + ":" + port);
            }
        }
        return origins;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|[0-9a-fA-F:]+") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
