package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The largest body ingest accepts, escaped as badly as JSON allows, still fits its queue message. */
class LargestBodyEndToEndTest {

    @TempDir
    Path folder;

    @Test
    void theLargestAcceptedBodyUnderWorstCaseEscapingReachesCompleted() throws Exception {
        int limit = HooklineSettings.MAX_BODY_BYTES_LIMIT;
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts()
                .withSourcesFile(RunningHookline.sourcesFile(folder, "plain: { scheme: none }"))
                .withParameters(Map.of("MaxBodyBytes", Integer.toString(limit))))) {
            RunningHookline hookline = new RunningHookline(runtime, Duration.ofSeconds(60));
            // Each \" is two bytes of the body and four of the envelope: the envelope is twice the body.
            String prefix = "{\"type\":\"system\", \"note\":\"";
            String largest = prefix + "\\\"".repeat((limit - prefix.length() - 2) / 2) + "\"}";
            assertThat(largest.length()).isEqualTo(limit);

            String token = hookline.accepted("plain", largest);

            assertThat(hookline.awaitFinished(token).toString()).contains("\"status\":\"COMPLETED\"");
            HttpResponse<String> oneByteMore = hookline.http().send(
                    hookline.post("plain", " " + largest),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(oneByteMore.statusCode()).isEqualTo(413);
            assertThat(Json.tree(oneByteMore.body()).at("/error/code").asText()).isEqualTo("body_too_large");
        }
    }
}
