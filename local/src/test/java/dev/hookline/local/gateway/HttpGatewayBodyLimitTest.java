package dev.hookline.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.json.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway reads no body past its limit, whether the length is declared, expected with
 * {@code 100-continue} or streamed in chunks, and answers such bodies with the project's
 * {@code 413 body_too_large} instead of buffering them.
 */
class HttpGatewayBodyLimitTest {

    /** The upload an unsigned client sends to fill the heap: as large as the old 10 MiB ceiling allowed. */
    private static final int HOSTILE_UPLOAD_BYTES = 9 * 1024 * 1024;
    private static final int CHUNK_BYTES = 16 * 1024;
    /** How soon a refusal comes, and the end of the gateway's side of the connection with it: no body is awaited. */
    private static final Duration AT_ONCE = Duration.ofSeconds(1);

    private final EchoGateway gateway = EchoGateway.start();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aBodyWithinTheLimitReachesTheFunctionWholeAndTheConnectionStaysOpen() throws Exception {
        byte[] body = ("{\"pad\":\"" + "x".repeat(EchoGateway.LIMIT - 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            client.send(EchoGateway.postHead(body.length)).send(body);
            RawHttpConnection.Response first = client.readResponse();
            client.send(EchoGateway.postHead(2)).send("{}");
            RawHttpConnection.Response second = client.readResponse();

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("{\"bytes\":" + body.length + "}");
            assertThat(second.body()).as("the same connection serves the next request").isEqualTo("{\"bytes\":2}");
        }
    }

    @Test
    void aChunkedBodyWithinTheLimitReachesTheFunctionWhole() throws Exception {
        try (RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            client.send(EchoGateway.chunkedPostHead());
            for (int i = 0; i < 10; i++) {
                client.send(chunk(new byte[CHUNK_BYTES]));
            }
            client.send("0\r\n\r\n");

            RawHttpConnection.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"bytes\":" + 10 * CHUNK_BYTES + "}");
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedAtOnceWithoutTheBody() throws Exception {
        try (RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            long started = System.nanoTime();
            client.send(EchoGateway.postHead(HOSTILE_UPLOAD_BYTES));

            RawHttpConnection.Response response = client.readResponse();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
            assertTooLarge(response);
            assertThat(client.awaitClosedByServer()).isLessThan(AT_ONCE);
        }
        assertThat(gateway.calls()).isZero();
    }

    @Test
    void aChunkedUploadOverTheLimitIsRefusedBeforeItIsSentWhole() throws Exception {
        try (RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            long sent = upload(client, true);

            assertThat(sent).as("bytes sent before the answer").isLessThan(2L * EchoGateway.LIMIT);
            assertTooLarge(client.readResponse());
            assertThat(client.awaitClosedByServer()).isLessThan(AT_ONCE);
        }
        assertThat(gateway.calls()).isZero();
    }

    @Test
    void aClientThatGoesOnSendingAfterItsAnswerIsCutOffSoon() throws Exception {
        try (RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            long sent = upload(client, false);

            // The gateway reads the limit, then throws away LINGER_BYTES more; socket buffers hold the rest sent.
            assertThat(sent).as("bytes sent before the gateway hung up").isLessThan(HOSTILE_UPLOAD_BYTES / 2);
            assertTooLarge(client.readResponse());
        }
    }

    @Test
    void parallelOversizedUploadsDoNotFillTheHeap() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedHeapAfterGc(memory);
        ExecutorService clients = Executors.newFixedThreadPool(24);
        List<Future<RawHttpConnection.Response>> answers = new ArrayList<>();
        long peak = before;
        try {
            for (int i = 0; i < 24; i++) {
                answers.add(clients.submit(() -> {
                    try (RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
                        upload(client, true);
                        return client.readResponse();
                    }
                }));
            }
            while (answers.stream().anyMatch(answer -> !answer.isDone())) {
                peak = Math.max(peak, usedHeapAfterGc(memory));
            }
            for (Future<RawHttpConnection.Response> answer : answers) {
                assertTooLarge(answer.get());
            }
        } finally {
            clients.shutdownNow();
        }

        // 24 bodies cut at 256 KiB are 6 MiB; read whole, as the gateway once did, they took 700 to 900 MB.
        assertThat(peak - before).as("heap growth in bytes, after GC, during 24 uploads of 9 MiB")
                .isLessThan(48L * 1024 * 1024);
    }

    @Test
    void anExpectContinueRequestOverTheLimitIsRefusedBeforeItsBodyIsSent() throws Exception {
        try (RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            long started = System.nanoTime();
            client.send(expectContinueHead(5_000_000));

            assertTooLarge(client.readResponse());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
        }
        assertThat(gateway.calls()).isZero();
    }

    @Test
    void anExpectContinueRequestWithinTheLimitGetsContinueThenTheAnswer() throws Exception {
        try (RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            client.send(expectContinueHead(2));

            RawHttpConnection.Response interim = client.readResponse();
            client.send("{}");
            RawHttpConnection.Response answer = client.readResponse();

            assertThat(interim.status()).isEqualTo(100);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"bytes\":2}");
        }
    }

    @Test
    void anUnknownRouteIsAnsweredWithoutReadingItsBody() throws Exception {
        try (RawHttpConnection client = RawHttpConnection.open(gateway.port())) {
            client.send("POST /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n");

            RawHttpConnection.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.headers()).containsEntry("connection", "close");
        }
    }

    /**
     * Streams a 9 MiB chunked body at about 16 MB/s, as a client on a fast link would, until the
     * server closes the connection or, when {@code stopAtAnswer}, an answer arrives; returns the
     * bytes sent by then.
     */
    private static long upload(RawHttpConnection client, boolean stopAtAnswer)
            throws IOException, InterruptedException {
        byte[] chunk = chunk(new byte[CHUNK_BYTES]);
        client.send(EchoGateway.chunkedPostHead());
        long sent = 0;
        try {
            while (sent < HOSTILE_UPLOAD_BYTES && !(stopAtAnswer && client.answerWaiting())) {
                client.send(chunk);
                sent += CHUNK_BYTES;
                Thread.sleep(1);
            }
        } catch (IOException closedByServer) {
            // The server hung up mid-upload; its answer, sent before, is still there to read.
        }
        return sent;
    }

    private static byte[] chunk(byte[] data) {
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = Arrays.copyOf(head, head.length + data.length + 2);
        System.arraycopy(data, 0, chunk, head.length, data.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    private static String expectContinueHead(long contentLength) {
        return EchoGateway.postHead(contentLength).replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n");
    }

    private static void assertTooLarge(RawHttpConnection.Response response) {
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.headers()).containsEntry("content-type", "application/json")
                .containsEntry("connection", "close");
        assertThat(Json.tree(response.body()).at("/error/code").asText()).isEqualTo("body_too_large");
        assertThat(Json.tree(response.body()).at("/error/message").asText()).contains(EchoGateway.LIMIT + " bytes");
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
