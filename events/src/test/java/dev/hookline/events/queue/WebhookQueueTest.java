package dev.hookline.events.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookQueueTest {

    private static final int SQS_MESSAGE_LIMIT = 1_048_576;
    /** API Gateway's limit on a request's headers together, where the delivery id and event type come from. */
    private static final int HEADER_LIMIT = 10 * 1024;

    @Test
    void theLargestBodyUnderWorstCaseEscapingFitsOneMessage() {
        int limit = HooklineSettings.MAX_BODY_BYTES_LIMIT;
        // Every \" in a string is two bytes that escape to four; a newline between tokens escapes to two.
        String quotes = "[\"" + "\\\"".repeat((limit - 4) / 2) + "\"]";
        String newlines = "[" + "\n".repeat(limit - 2) + "]";
        for (String body : new String[] {quotes, newlines}) {
            assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
            Json.tree(body);
            String deliveryId = "d".repeat(HEADER_LIMIT / 2);
            Envelope envelope = new Envelope(ExecutionToken.issue("big:" + deliveryId, new SecureRandom()).value(),
                    "big:" + deliveryId, "big", "t".repeat(HEADER_LIMIT / 2), Instant.now(),
                    "application/json; charset=utf-8", body);

            String message = WebhookQueue.encode(envelope);

            assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SQS_MESSAGE_LIMIT);
            assertThat(WebhookQueue.parse(message).body()).isEqualTo(body);
        }
    }
}
