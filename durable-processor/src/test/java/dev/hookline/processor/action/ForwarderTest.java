package dev.hookline.processor.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.events.ManualClock;
import dev.hookline.ingest.IncomingWebhook;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.StandardWebhooksSignature;
import dev.hookline.ingest.signature.Verification;
import dev.hookline.ingest.source.ProcessAction;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.exception.StepException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForwarderTest {

    private static final String FORWARD_KEY = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String FORWARD_SECRET = "whsec_" + FORWARD_KEY;
    private static final Secret SIGNING_KEY = Secret.ofBytes(StandardWebhooksSignature.decodeSecret(FORWARD_SECRET));
    private static final Instant NOW = Instant.ofEpochSecond(1_714_000_000L);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String RECORD_ID = "exec_01HZY3J5Q4M8";
    private static final String SOURCE = "shop";
    // Not valid UTF-8 and spaced oddly: a forward must not re-encode or re-serialize it.
    private static final byte[] BODY = concat("{\"order\":  42, \"note\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xff, 0x00, (byte) 0xfe});

    private final AtomicReference<Received> received = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> location = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;
    private ExecutorService serverThreads;
    private HttpServer server;
    private final Forwarder forwarder = Forwarder.create(Duration.ofSeconds(2), CLOCK);
    private final List<String> messages = new ArrayList<>();

    private record Received(String method, String path, Map<String, String> headers, byte[] body) {
    }

    @BeforeEach
    void startTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/hooks", this::answer);
        server.start();
    }

    @AfterEach
    void stopTarget() throws InterruptedException {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        serverThreads.awaitTermination(5, TimeUnit.SECONDS);
        for (String message : messages) {
            assertThat(message)
                    .doesNotContain(FORWARD_KEY)
                    .doesNotContain(FORWARD_SECRET)
                    .doesNotContain(StandardWebhooksSignature.sign(SIGNING_KEY, RECORD_ID, NOW.getEpochSecond(), BODY)
                            .substring(3))
                    .doesNotContain("token=");
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        received.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
        if (hang) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
        if (location.get() != null) {
            exchange.getResponseHeaders().add("Location", location.get());
        }
        exchange.sendResponseHeaders(status.get(), -1);
        exchange.close();
    }

    private ProcessAction.Forward target(Duration timeout) {
        return new ProcessAction.Forward(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks?token=abc123"),
                SIGNING_KEY, timeout);
    }

    private ProcessAction.Forward target() {
        return target(Duration.ofSeconds(5));
    }

    private Throwable failure(ProcessAction.Forward target) {
        Throwable error = catchThrowable(() -> forwarder.forward(SOURCE, target, RECORD_ID, BODY, null));
        assertThat(error).isInstanceOf(StepException.class);
        for (Throwable link = error; link != null; link = link.getCause()) {
            messages.add(String.valueOf(link.getMessage()));
            messages.add(link.toString());
        }
        return error;
    }

    @Test
    void targetReceivesTheExactBodySignedTheStandardWebhooksWay() {
        ForwardResult result = forwarder.forward(SOURCE, target(), RECORD_ID, BODY, null);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.elapsedMillis()).isNotNegative();
        Received request = received.get();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks?token=abc123");
        assertThat(request.body()).isEqualTo(BODY);
        assertThat(request.headers())
                .containsEntry("webhook-id", RECORD_ID)
                .containsEntry("webhook-timestamp", Long.toString(NOW.getEpochSecond()))
                .containsEntry("Content-Type", "application/json")
                .containsEntry("User-Agent", "Hookline");
        assertThat(request.headers().get("webhook-signature")).startsWith("v1,");
    }

    @Test
    void aStandardWebhooksReceiverVerifiesTheForward() {
        forwarder.forward(SOURCE, target(), RECORD_ID, BODY, null);

        Received request = received.get();
        IncomingWebhook asReceived = new IncomingWebhook("shop", Map.of(
                "webhook-id", request.headers().get("webhook-id"),
                "webhook-timestamp", request.headers().get("webhook-timestamp"),
                "webhook-signature", request.headers().get("webhook-signature")),
                request.body(), "http://127.0.0.1");
        StandardWebhooksSignature receiver = new StandardWebhooksSignature(Duration.ofMinutes(5), CLOCK);

        assertThat(receiver.verify(asReceived, List.of(SIGNING_KEY))).isInstanceOf(Verification.Verified.class);
        assertThat(receiver.verify(asReceived, List.of(Secret.ofUtf8("another key"))))
                .isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void contentTypeIsPassedThroughAndDefaultsToJson() {
        forwarder.forward(SOURCE, target(), RECORD_ID, BODY, "application/x-www-form-urlencoded");
        assertThat(received.get().headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");

        forwarder.forward(SOURCE, target(), RECORD_ID, BODY, null);
        assertThat(received.get().headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void anyTwoHundredIsAccepted() {
        status.set(204);

        assertThat(forwarder.forward(SOURCE, target(), RECORD_ID, BODY, null).status()).isEqualTo(204);
    }

    @Test
    void serviceUnavailableIsTransient() {
        status.set(503);

        Throwable error = failure(target());

        assertThat(error).isNotInstanceOf(NonRetryableStepException.class)
                .hasMessageContaining("127.0.0.1:" + server.getAddress().getPort() + "/hooks")
                .hasMessageContaining("answered 503");
        assertThat(((StepException) error).code()).isEqualTo("forward_failed");
    }

    @Test
    void notFoundIsRefusedForGood() {
        status.set(404);

        Throwable error = failure(target());

        assertThat(error).isInstanceOf(NonRetryableStepException.class)
                .hasMessageContaining("answered 404")
                .hasMessageContaining("forwardUrl");
        assertThat(((StepException) error).code()).isEqualTo("forward_rejected");
    }

    @Test
    void otherClientErrorsAreRefusedForGood() {
        for (int code : List.of(400, 401, 403, 410, 413, 422)) {
            status.set(code);

            assertThat(failure(target())).as("status " + code)
                    .isInstanceOf(NonRetryableStepException.class)
                    .hasMessageContaining("answered " + code);
        }
    }

    @Test
    void requestTimeoutAndTooManyRequestsAreTransient() {
        for (int code : List.of(408, 429, 500, 502)) {
            status.set(code);

            Throwable error = failure(target());

            assertThat(error).as("status " + code).isNotInstanceOf(NonRetryableStepException.class)
                    .hasMessageContaining("answered " + code);
            assertThat(((StepException) error).code()).isEqualTo("forward_failed");
        }
    }

    @Test
    void redirectFromTargetFailsForGoodNamingLocation() {
        location.set("https://admin:hunter2@new.example.com:8443/v2/hooks?token=abc123#frag-zz");
        for (int code : List.of(301, 302, 303, 307, 308)) {
            status.set(code);

            Throwable error = failure(target());

            assertThat(error).as("status " + code).isInstanceOf(NonRetryableStepException.class)
                    .hasMessageContaining("answered " + code)
                    .hasMessageContaining("Location: new.example.com:8443/v2/hooks)")
                    .hasMessageContaining("point forwardUrl at the final address")
                    .hasMessageNotContainingAny("hunter2", "admin", "abc123", "frag-zz");
            assertThat(((StepException) error).code()).isEqualTo("forward_rejected");
        }
    }

    @Test
    void aRelativeLocationIsNamedOnTheTargetsHost() {
        status.set(308);
        location.set("/v2/hooks?token=abc123");

        assertThat(failure(target()))
                .hasMessageContaining("(Location: 127.0.0.1:" + server.getAddress().getPort() + "/v2/hooks)");
    }

    @Test
    void anyOtherThreeHundredIsRefusedForGoodToo() {
        for (int code : List.of(300, 304)) {
            status.set(code);

            Throwable error = failure(target());

            assertThat(error).as("status " + code).isInstanceOf(NonRetryableStepException.class)
                    .hasMessageContaining("answered " + code)
                    .hasMessageContaining("(no Location)");
            assertThat(((StepException) error).code()).isEqualTo("forward_rejected");
        }
    }

    @Test
    void aRedirectWithoutLocationSaysThereIsNone() {
        status.set(302);

        assertThat(failure(target())).hasMessageContaining("answered 302")
                .hasMessageContaining("(no Location); redirects are not followed");
    }

    @Test
    void aTargetThatNeverAnswersTimesOut() {
        hang = true;
        long started = System.nanoTime();

        Throwable error = failure(target(Duration.ofSeconds(1)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(error).isNotInstanceOf(NonRetryableStepException.class)
                .hasMessageContaining("timed out after 1 s");
        assertThat(((StepException) error).code()).isEqualTo("forward_failed");
    }

    @Test
    void aTargetThatKeepsTimingOutIsNotSentToUntilItsBreakerLetsOneForwardTryIt() {
        ManualClock clock = new ManualClock(NOW);
        Forwarder breaking = Forwarder.create(Duration.ofSeconds(2), clock,
                new TargetBreaker.Settings(2, Duration.ofSeconds(30), Duration.ofMinutes(5)));
        try (HangingTarget stuck = new HangingTarget()) {
            ProcessAction.Forward target = new ProcessAction.Forward(URI.create(stuck.url()), SIGNING_KEY,
                    Duration.ofSeconds(1));
            for (int i = 0; i < 2; i++) {
                assertThat(catchThrowable(() -> breaking.forward(SOURCE, target, RECORD_ID, BODY, null)))
                        .hasMessageContaining("timed out after 1 s");
            }

            long started = System.nanoTime();
            Throwable refused = catchThrowable(() -> breaking.forward(SOURCE, target, RECORD_ID, BODY, null));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
            assertThat(refused).isInstanceOf(StepException.class).isNotInstanceOf(NonRetryableStepException.class)
                    .hasMessageStartingWith("not sent: 127.0.0.1:")
                    .hasMessageContaining("the last 2 forwards to it timed out");
            assertThat(((StepException) refused).code()).isEqualTo("forward_failed");
            assertThat(stuck.connections()).isEqualTo(2);

            clock.advance(Duration.ofSeconds(30));
            assertThat(catchThrowable(() -> breaking.forward(SOURCE, target, RECORD_ID, BODY, null)))
                    .as("once open for 30 s, one forward tries the target again")
                    .hasMessageContaining("timed out after 1 s");
            assertThat(stuck.connections()).isEqualTo(3);
        }
    }

    @Test
    void anotherSourcesForwardsToTheSameTargetAreNotRefusedByTheFirstSourcesBreaker() {
        Forwarder breaking = Forwarder.create(Duration.ofSeconds(2), CLOCK,
                new TargetBreaker.Settings(1, Duration.ofSeconds(30), Duration.ofMinutes(5)));
        hang = true;
        ProcessAction.Forward slow = target(Duration.ofSeconds(1));
        catchThrowable(() -> breaking.forward(SOURCE, slow, RECORD_ID, BODY, null));
        assertThat(catchThrowable(() -> breaking.forward(SOURCE, slow, RECORD_ID, BODY, null)))
                .hasMessageStartingWith("not sent");

        hang = false;
        assertThat(breaking.forward("billing", target(), RECORD_ID, BODY, null).status()).isEqualTo(200);
    }

    @Test
    void aRefusedConnectionIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        ProcessAction.Forward nobodyListening = new ProcessAction.Forward(
                URI.create("http://127.0.0.1:" + closedPort + "/hooks"), SIGNING_KEY, Duration.ofSeconds(2));

        Throwable error = failure(nobodyListening);

        assertThat(error).isNotInstanceOf(NonRetryableStepException.class)
                .hasMessageContaining("connection refused")
                .hasMessageContaining("127.0.0.1:" + closedPort + "/hooks");
        assertThat(((StepException) error).code()).isEqualTo("forward_failed");
    }

    @Test
    void anInterruptedForwardIsTransientAndKeepsTheInterrupt() {
        hang = true;
        Thread.currentThread().interrupt();
        try {
            Throwable error = failure(target());

            assertThat(error).isNotInstanceOf(NonRetryableStepException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void errorMessagesNeverCarryTheSecretSignatureOrQuery() {
        for (int code : List.of(401, 404, 429, 503)) {
            status.set(code);
            failure(target());
        }
        assertThat(messages).isNotEmpty().noneMatch(message -> message.contains("abc123"));
        // stopTarget checks every collected message for the secret and the signature, too.
    }

    @Test
    void describeKeepsHostPortAndPathOnly() {
        assertThat(Forwarder.describe(URI.create("https://orders.example.com/hooks/in?token=x#frag")))
                .isEqualTo("orders.example.com/hooks/in");
        assertThat(Forwarder.describe(URI.create("http://10.0.0.5:8080"))).isEqualTo("10.0.0.5:8080/");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
