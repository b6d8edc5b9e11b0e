package dev.hookline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients that send part of a request and fall silent, or trickle it in, hold at most a connection,
 * never a worker thread, and only until a timeout closes it.
 */
class HttpGatewaySlowClientsTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    /** A request that declares 1000 bytes of body and sends 8 of them. */
    private static final String HALF_SENT = EchoGateway.postHead(1000) + "{\"type\":";

    @Test
    void idleHalfSentConnectionsDoNotDelayAWebhook() throws Exception {
        try (EchoGateway gateway = EchoGateway.start()) {
            URI url = URI.create("http://127.0.0.1:" + gateway.port() + EchoGateway.PATH);
            HttpRequest webhook = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(5))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"order\"}"))
                    .build();
            // One webhook first, so that the timed one below measures the gateway and not the client's warm-up.
            assertThat(HttpClient.newHttpClient().send(webhook, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            List<RawHttpConnection> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    idle.add(RawHttpConnection.open(gateway.port()).send(HALF_SENT));
                }
                Thread.sleep(200); // lets the gateway take in all 300 requests before the webhook arrives

                long started = System.nanoTime();
                // A client of its own, so that the webhook comes on a new connection, as a provider's does.
                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(webhook, HttpResponse.BodyHandlers.ofString());
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(elapsed).as("answered with 300 half-sent requests open").isLessThan(Duration.ofSeconds(1));
                assertThat(gateway.calls()).as("no half-sent request reached the function").isEqualTo(2);
            } finally {
                for (RawHttpConnection connection : idle) {
                    connection.close();
                }
            }
        }
    }

    @Test
    void aConnectionThatStallsMidBodyIsClosedAfterTheBodyTimeout() throws Exception {
        try (EchoGateway gateway = EchoGateway.start(withTimeouts(TEN_SECONDS, ONE_SECOND, TEN_SECONDS));
                RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            client.send(HALF_SENT);

            assertThat(client.awaitClosedByServer()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
            assertThat(gateway.calls()).isZero();
        }
    }

    @Test
    void aBodyTrickledInIsClosedAfterTheBodyTimeoutAllTheSame() throws Exception {
        try (EchoGateway gateway = EchoGateway.start(withTimeouts(TEN_SECONDS, ONE_SECOND, TEN_SECONDS));
                RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            client.send(EchoGateway.postHead(1000));
            long started = System.nanoTime();

            trickleUntilClosed(client, " ");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
                    Duration.ofSeconds(3));
            assertThat(gateway.calls()).isZero();
        }
    }

    @Test
    void headersTrickledInAreClosedAfterTheHeaderTimeout() throws Exception {
        try (EchoGateway gateway = EchoGateway.start(withTimeouts(ONE_SECOND, TEN_SECONDS, TEN_SECONDS));
                RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            client.send("POST " + EchoGateway.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long started = System.nanoTime();

            trickleUntilClosed(client, "X-Padding: slow\r\n");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
                    Duration.ofSeconds(3));
            assertThat(gateway.calls()).isZero();
        }
    }

    @Test
    void aConnectionIdleBeforeOrBetweenRequestsIsClosedAfterTheIdleTimeout() throws Exception {
        try (EchoGateway gateway = EchoGateway.start(withTimeouts(TEN_SECONDS, TEN_SECONDS, ONE_SECOND));
                RawHttpConnection silent = RawHttpConnection.open(gateway.port());
                RawHttpConnection keptAlive = RawHttpConnection.open(gateway.port())) {
            keptAlive.send(EchoGateway.postHead(2)).send("{}");
            assertThat(keptAlive.readResponse().status()).isEqualTo(200);

            assertThat(silent.awaitClosedByServer()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
            assertThat(keptAlive.awaitClosedByServer()).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static GatewayLimits withTimeouts(Duration header, Duration body, Duration idle) {
        return new GatewayLimits(EchoGateway.LIMIT, header, body, idle);
    }

    /**
     * Sends {@code piece} every 200 ms until a write fails because the server hung up; the second
     * write after the close is the one that fails, so this returns at most 400 ms after it.
     */
    private static void trickleUntilClosed(RawHttpConnection client, String piece) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (System.nanoTime() < giveUp) {
                client.send(piece);
                Thread.sleep(200);
            }
        } catch (IOException closedByServer) {
            return;
        }
        throw new AssertionError("the server kept reading a trickle for 10 s");
    }
}
