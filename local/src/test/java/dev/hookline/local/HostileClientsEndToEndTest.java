package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.json.Json;
import dev.hookline.events.logging.CapturedLogs;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an attacker or an outage does to the whole embedded stack, and what senders see meanwhile. */
class HostileClientsEndToEndTest {

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @Test
    void threeHundredIdleHalfSentConnectionsDoNotKeepASignedWebhookFromItsAnswer() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts())) {
            RunningHookline hookline = new RunningHookline(runtime, Duration.ofSeconds(30));
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    Socket socket = new Socket("127.0.0.1", runtime.gateway().port());
                    socket.getOutputStream().write(("POST /webhooks/demo HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"type\":")
                            .getBytes(StandardCharsets.US_ASCII));
                    idle.add(socket);
                }

                long started = System.nanoTime();
                HttpResponse<String> answer = hookline.http().send(signed(runtime), HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                assertThat(took).isLessThan(Duration.ofSeconds(1));
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aDeletedTableAnswers503WithRetryAfterAndLogsTheOutageOnce() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts())) {
            RunningHookline hookline = new RunningHookline(runtime, Duration.ofSeconds(30));
            runtime.clients().dynamoDb().deleteTable(delete -> delete
                    .tableName(runtime.resources().tableName("ExecutionsTable")));

            for (int i = 0; i < 100; i++) {
                HttpResponse<String> answer = hookline.http().send(signed(runtime), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.headers().firstValue("retry-after")).hasValue("5");
                assertThat(Json.tree(answer.body()).at("/error/code").asText()).isEqualTo("store_unavailable");
            }

            assertThat(logs.lines()).filteredOn(line -> line.message().contains("DynamoDB"))
                    .singleElement()
                    .satisfies(line -> assertThat(line.message()).contains("ResourceNotFoundException"));
            assertThat(logs.lines()).noneMatch(line -> line.thrown() != null);
        }
    }

    private static HttpRequest signed(LocalRuntime runtime) {
        byte[] body = ("{\"type\":\"order\",\"orderId\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(runtime.gatewayUrl() + "/webhooks/" + DemoSource.NAME))
                .header("content-type", "application/json")
                .header(GitHubSignature.DELIVERY_HEADER, UUID.randomUUID().toString())
                .header(GitHubSignature.SIGNATURE_HEADER, GitHubSignature.sign(Secret.ofUtf8(DemoSource.SECRET), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(10))
                .build();
    }
}
