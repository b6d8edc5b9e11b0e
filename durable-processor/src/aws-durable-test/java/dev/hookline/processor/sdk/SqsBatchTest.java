package dev.hookline.processor.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.json.Json;
import dev.hookline.events.queue.WebhookQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsBatchTest {

    @Test
    void theEventSourceMappingsEventIsReadAsTheDurableFunctionsInput() throws IOException {
        String event = Files.readString(Path.of("../events/samples/sqs-batch.json"));

        SqsBatch batch = Json.read(event, SqsBatch.class);

        assertThat(batch.records()).hasSize(2).allSatisfy(message -> {
            assertThat(message.messageId()).isNotBlank();
            assertThat(message.receiptHandle()).isNotBlank();
            assertThat(message.attributes()).containsKeys("ApproximateReceiveCount", "SentTimestamp");
            assertThat(WebhookQueue.parse(message.body()).source()).isEqualTo("demo");
        });
        assertThat(batch.records()).extracting(message -> message.attributes().get("ApproximateReceiveCount"))
                .containsExactly("1", "3");
    }

    @Test
    void theResultIsWhatTheMappingReadsAsPartialBatchFailures() {
        String result = Json.write(new BatchResponse(List.of(new BatchResponse.ItemFailure("m-1"))));

        assertThat(result).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"}]}");
    }
}
