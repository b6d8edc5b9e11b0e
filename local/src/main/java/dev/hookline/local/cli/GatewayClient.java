package dev.hookline.local.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Hookline's HTTP API as the {@code send} and {@code status} commands call it. */
final class GatewayClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    GatewayClient(String baseUrl) {
        String trimmed = baseUrl.trim();
        this.baseUrl = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        URI parsed = URI.create(this.baseUrl);
        if (parsed.getScheme() == null || parsed.getHost() == null) {
            throw new CommandFailures.UsageException("--url must be an absolute http(s) URL, such as "
                    + "http://127.0.0.1:3000; got '" + baseUrl + "'");
        }
    }

    /** One answer: its status code and body. */
    record Answer(int status, String body) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    Answer postWebhook(String source, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/" + segment(source)))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    Answer status(String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/status/" + segment(token)))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException refused) {
            ConnectException unreachable = new ConnectException("nothing answers at " + baseUrl);
            unreachable.initCause(refused);
            throw unreachable;
        }
        return new Answer(response.statusCode(), response.body());
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
