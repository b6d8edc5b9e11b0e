package dev.hookline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.local.template.HttpRoute;
import dev.hookline.local.template.SamTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local gateway applies CORS from the same template and parameter as API Gateway does on AWS. */
class HttpGatewayCorsTest {

    private static final String ALLOWED = "https://ops.example.com";
    private static final SamTemplate TEMPLATE = SamTemplate.read(Path.of("../template.yaml"));

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpGateway gateway;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithTheAllowHeadersWithoutCallingTheFunction() throws Exception {
        start(ALLOWED + ",http://localhost:5173");

        HttpResponse<String> preflight = send(preflight("/executions", ALLOWED));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(header(preflight, "access-control-allow-origin")).contains(ALLOWED);
        assertThat(header(preflight, "access-control-allow-methods")).contains("GET,POST");
        assertThat(header(preflight, "access-control-allow-headers")).hasValueSatisfying(
                headers -> assertThat(headers).contains("content-type", "authorization", "x-amz-date"));
        assertThat(header(preflight, "access-control-max-age")).contains("600");
        assertThat(header(preflight, "vary")).contains("Origin");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aPreflightFromAnotherOriginGetsNoCorsHeaders() throws Exception {
        start(ALLOWED);

        HttpResponse<String> preflight = send(preflight("/executions", "https://evil.example.net"));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(corsHeaders(preflight)).isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void aResponseToAnAllowedOriginNamesThatOriginNeverAWildcard() throws Exception {
        start(ALLOWED);

        HttpResponse<String> response = send(get("/executions").header("Origin", ALLOWED));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("access-control-allow-origin")).containsExactly(ALLOWED);
        assertThat(header(response, "vary")).contains("Origin");
        assertThat(response.body()).isEqualTo("{\"executions\":[]}");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aResponseToAnotherOriginOrToNoOriginCarriesNoCorsHeaders() throws Exception {
        start(ALLOWED);

        HttpResponse<String> other = send(get("/executions").header("Origin", "https://ops.example.com.evil.net"));
        HttpResponse<String> none = send(get("/executions"));

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(corsHeaders(other)).isEmpty();
        assertThat(header(other, "vary")).isEmpty();
        assertThat(corsHeaders(none)).isEmpty();
    }

    @Test
    void errorAnswersToAnAllowedOriginAreMarkedTooSoTheBrowserCanReadThem() throws Exception {
        start(ALLOWED);

        HttpResponse<String> notFound = send(get("/nowhere").header("Origin", ALLOWED));

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(header(notFound, "access-control-allow-origin")).contains(ALLOWED);
    }

    @Test
    void withoutConfiguredOriginsThereIsNoCorsAtAll() throws Exception {
        start("");

        HttpResponse<String> preflight = send(preflight("/executions", ALLOWED));
        HttpResponse<String> response = send(get("/executions").header("Origin", ALLOWED));

        assertThat(preflight.statusCode()).as("no OPTIONS route").isEqualTo(405);
        assertThat(corsHeaders(preflight)).isEmpty();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(corsHeaders(response)).as("the function's own header passes through untouched when CORS is off")
                .containsOnlyKeys("access-control-allow-origin");
    }

    /** Starts the gateway as the local runtime does: CORS from the template deployed with these origins. */
    private void start(String origins) {
        SamTemplate deployed = TEMPLATE.withParameters(Map.of("CorsAllowedOrigins", origins));
        HttpGateway.Binding executions = new HttpGateway.Binding(new HttpRoute("GET", "/executions"),
                "ExecutionsFunction", 30, (event, context) -> {
                    calls.incrementAndGet();
                    // A function that sets a wildcard itself: the gateway's CORS configuration overrides it.
                    return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                            .withHeaders(Map.of("content-type", "application/json", "access-control-allow-origin", "*"))
                            .withBody("{\"executions\":[]}").build();
                });
        gateway = new HttpGateway("127.0.0.1", 0, 2, List.of(executions), deployed.cors()).start();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).GET();
    }

    private HttpRequest.Builder preflight(String path, String origin) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,x-amz-date");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name);
    }

    private static Map<String, List<String>> corsHeaders(HttpResponse<?> response) {
        return response.headers().map().entrySet().stream()
                .filter(entry -> entry.getKey().toLowerCase(Locale.ROOT).startsWith("access-control-"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
