package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.json.Json;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookline serve} with its log going to a file, as under a process supervisor or a container:
 * JSON lines, as on Lambda, which say what happened to a webhook without giving away its secrets.
 */
class ServeLogEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    @Test
    void aLogThatIsNotATerminalIsJsonLinesThatFollowASignedWebhookByItsRecordIdAndHoldNoSecret() throws Exception {
        Path log = folder.resolve("serve.log");
        byte[] body = "{\"type\":\"order\",\"orderId\":\"L-1\"}".getBytes(StandardCharsets.UTF_8);
        String signature = GitHubSignature.sign(Secret.ofUtf8(DemoSource.SECRET), body);
        String token;
        String recordId;
        try (ServeProcess serve = ServeProcess.start(log, "--in-memory")) {
            HttpResponse<String> accepted = serve.hookline(DEADLINE).http().send(
                    HttpRequest.newBuilder(URI.create(serve.gatewayUrl() + "/webhooks/" + DemoSource.NAME))
                            .header("content-type", "application/json")
                            .header(GitHubSignature.DELIVERY_HEADER, UUID.randomUUID().toString())
                            .header(GitHubSignature.SIGNATURE_HEADER, signature)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            token = Json.tree(accepted.body()).get("executionToken").asText();
            recordId = RunningHookline.recordId(token);
            assertThat(serve.hookline(DEADLINE).awaitFinished(token).get("status").asText()).isEqualTo("COMPLETED");
            awaitLine(log, "\"event\":\"finished\"");
        }

        List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
        List<String> events = new ArrayList<>();
        for (String line : lines) {
            JsonNode entry = Json.tree(line);
            assertThat(entry.isObject()).as(line).isTrue();
            assertThat(line).as("a log line").doesNotContain(token).doesNotContain(DemoSource.SECRET)
                    .doesNotContain(signature.substring(signature.indexOf('=') + 1));
            if (entry.has("event") && recordId.equals(entry.path("record_id").asText())) {
                events.add(entry.get("event").asText());
                assertThat(entry.get("source").asText()).isEqualTo(DemoSource.NAME);
                assertThat(entry.get("message").asText()).isNotBlank();
            }
        }
        assertThat(events).containsExactly("received", "step_done", "step_done", "step_done", "finished");
    }

    @Test
    void logFormatTextWritesLinesAPersonReadsEvenWhenTheLogIsAFile() throws Exception {
        Path log = folder.resolve("serve.log");
        try (ServeProcess serve = ServeProcess.start(log, "--in-memory", "--log-format", "text")) {
            awaitLine(log, "listening on port");
        }

        assertThat(Files.readAllLines(log)).filteredOn(line -> !line.isBlank()).isNotEmpty()
                .allMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ +\\S+ - .*"));
    }

    private static void awaitLine(Path log, String fragment) throws Exception {
        long giveUpAt = System.nanoTime() + DEADLINE.toNanos();
        while (!Files.readString(log).contains(fragment)) {
            assertThat(System.nanoTime()).as("a line with " + fragment + " in " + log).isLessThan(giveUpAt);
            Thread.sleep(100);
        }
    }
}
