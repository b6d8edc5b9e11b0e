package dev.hookline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A clean stop and a start on the same data directory: nothing is recreated or lost, and the
 * queues take the template parameters of the new run.
 */
class RestartEndToEndTest {

    @TempDir
    Path folder;

    @Test
    void aRestartRecreatesNothingKeepsRecordsAndMessagesAndTakesNewQueueSettings() throws Exception {
        Path sources = RunningHookline.sourcesFile(folder, "plain: { scheme: none }");
        LocalOptions options = LocalOptions.onFreePorts().withSourcesFile(sources).withDataDirectory(folder.resolve("data"));
        String token;
        String queueArn;
        try (LocalRuntime first = LocalRuntime.start(options)) {
            assertThat(first.executionsFound()).isZero();
            RunningHookline hookline = new RunningHookline(first, Duration.ofSeconds(30));
            token = hookline.accepted("plain", "{\"type\":\"order\",\"orderId\":\"R-1\"}");
            assertThat(hookline.awaitFinished(token).get("status").asText()).isEqualTo("COMPLETED");
            first.clients().sqs().sendMessage(send -> send
                    .queueUrl(first.resources().queueUrl("WebhookDeadLetterQueue")).messageBody("kept"));
            queueArn = first.resources().queueArn("WebhookQueue");
        }

        try (LocalRuntime second = LocalRuntime.start(options.withParameters(
                Map.of("MaxReceiveCount", "4", "QueueVisibilityTimeout", "7")))) {
            assertThat(second.executionsFound()).isEqualTo(1);
            assertThat(second.messagesFound()).isEqualTo(1);
            assertThat(second.resources().queueArn("WebhookQueue")).isEqualTo(queueArn);
            Map<QueueAttributeName, String> settings = second.clients().sqs().getQueueAttributes(get -> get
                    .queueUrl(second.resources().queueUrl("WebhookQueue"))
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                    .attributes();
            assertThat(settings.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("7");
            assertThat(Json.tree(settings.get(QueueAttributeName.REDRIVE_POLICY)).get("maxReceiveCount").asInt())
                    .isEqualTo(4);
            RunningHookline hookline = new RunningHookline(second, Duration.ofSeconds(30));
            assertThat(hookline.awaitFinished(token).get("status").asText()).isEqualTo("COMPLETED");
            assertThat(second.clients().sqs().receiveMessage(receive -> receive
                    .queueUrl(second.resources().queueUrl("WebhookDeadLetterQueue"))).messages())
                    .extracting(message -> message.body()).containsExactly("kept");
        }
    }
}
