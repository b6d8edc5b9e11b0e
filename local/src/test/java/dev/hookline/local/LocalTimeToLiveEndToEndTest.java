package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dynalite has no TTL; the local runtime's sweeper deletes what DynamoDB's TTL would. */
class LocalTimeToLiveEndToEndTest {

    @TempDir
    Path folder;

    @Test
    void aRecordPastItsRetentionIsDeletedAndItsTokenThenUnknown() throws Exception {
        Path sources = RunningHookline.sourcesFile(folder, "plain: { scheme: none }");
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts()
                .withSourcesFile(sources)
                .withParameters(Map.of("RetentionDays", "0")))) {
            RunningHookline hookline = new RunningHookline(runtime, Duration.ofSeconds(30));
            String kept = hookline.accepted("plain", "{\"type\":\"order\",\"orderId\":\"T-1\"}");
            assertThat(hookline.awaitFinished(kept).get("status").asText()).isEqualTo("COMPLETED");
            Thread.sleep(1_100);

            assertThat(runtime.expiredRecordSweeper().sweep()).as("the record and its kept body").isEqualTo(2);

            HttpResponse<String> status = hookline.http().send(
                    HttpRequest.newBuilder(URI.create(runtime.gatewayUrl() + "/status/" + kept)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).as(status.body()).isEqualTo(404);
            assertThat(runtime.expiredRecordSweeper().sweep()).isZero();
        }
    }
}
