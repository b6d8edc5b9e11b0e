package dev.hookline.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.template.HttpRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gateway on a free port with one route, {@code POST /webhooks/{source}}, whose function
 * answers {@code 200 {"bytes":N}} with the length of the body it was given, and counts its calls.
 * It has as many workers as {@code hookline serve} and the ingest's default body limit.
 */
final class EchoGateway implements AutoCloseable {

    static final int LIMIT = HooklineSettings.DEFAULT_MAX_BODY_BYTES;
    static final String PATH = "/webhooks/demo";

    private final AtomicInteger calls = new AtomicInteger();
    private final HttpGateway gateway;

    private EchoGateway(GatewayLimits limits) {
        HttpGateway.Binding echo = new HttpGateway.Binding(new HttpRoute("POST", "/webhooks/{source}"),
                "IngestFunction", 30, (event, context) -> {
                    calls.incrementAndGet();
                    int bytes = event.getBody() == null ? 0
                            : event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody()).length
                            : event.getBody().getBytes(StandardCharsets.UTF_8).length;
                    return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                            .withHeaders(Map.of("content-type", "application/json"))
                            .withBody("{\"bytes\":" + bytes + "}").build();
                });
        this.gateway = new HttpGateway("127.0.0.1", 0, LocalOptions.defaults().gatewayWorkerThreads(), List.of(echo),
                Optional.empty(), limits).start();
    }

    /** With the default timeouts. */
    static EchoGateway start() {
        return start(GatewayLimits.forBodiesUpTo(LIMIT));
    }

    /** Answers one request before it returns, so that a test's first timing measures a request, not class loading. */
    static EchoGateway start(GatewayLimits limits) {
        EchoGateway started = new EchoGateway(limits);
        try (RawHttpConnection warmUp = RawHttpConnection.open(started.port())) {
            warmUp.send("GET /warm-up HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").readResponse();
        } catch (IOException unreachable) {
            started.close();
            throw new UncheckedIOException(unreachable);
        }
        return started;
    }

    int port() {
        return gateway.port();
    }

    /** How many requests reached the function. */
    int calls() {
        return calls.get();
    }

    /** The head of a {@code POST} to the echo route that declares a body of {@code contentLength} bytes. */
    static String postHead(long contentLength) {
        return "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /** The head of a chunked {@code POST} to the echo route: no length declared. */
    static String chunkedPostHead() {
        return "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
    }

    @Override
    public void close() {
        gateway.close();
    }
}
