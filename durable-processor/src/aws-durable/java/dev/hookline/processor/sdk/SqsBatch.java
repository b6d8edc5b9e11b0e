package dev.hookline.processor.sdk;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The SQS batch an event source mapping sends, as the durable function's input: only what the
 * processor reads. The SDK deserialises the input with the project's JSON codec, which does not
 * know the Lambda runtime's names for the events library's types, hence these records.
 */
public record SqsBatch(@JsonProperty("Records") List<Message> records) {

    public SqsBatch {
        records = records == null ? List.of() : List.copyOf(records);
    }

    /** @param attributes system attributes such as ApproximateReceiveCount and SentTimestamp */
    public record Message(String messageId, String receiptHandle, String body, Map<String, String> attributes) {
    }
}
