package dev.hookline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    private static final Instant FAILED_AT = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theEventSourceMappingsAttributesGiveTheReceiveCountAndSentTime() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        message.setAttributes(Map.of("ApproximateReceiveCount", "3", "SentTimestamp", "1795435752858"));

        Delivery delivery = Delivery.of(message, 5);

        assertThat(delivery).isEqualTo(new Delivery("m-1", 3, Instant.ofEpochMilli(1795435752858L), 5));
        assertThat(delivery.isLastAllowedReceive()).isFalse();
        assertThat(new Delivery("m-1", 5, Instant.EPOCH, 5).isLastAllowedReceive()).isTrue();
    }

    @Test
    void theFailedMessageItselfComingBackIsNotAReplay() {
        assertThat(new Delivery("m-1", 4, FAILED_AT.minusSeconds(30), 5).isReplayOf(failed())).isFalse();
    }

    @Test
    void aMessageMovedBackFromTheDeadLetterQueueIsAReplay() {
        assertThat(new Delivery("m-1", 1, FAILED_AT.minusSeconds(30), 5).isReplayOf(failed()))
                .as("the move restarted its receive count").isTrue();
        assertThat(new Delivery("m-1", 2, FAILED_AT.plusSeconds(60), 5).isReplayOf(failed()))
                .as("it was sent again after the failure").isTrue();
    }

    private static ExecutionRecord failed() {
        ExecutionToken token = ExecutionToken.issue("demo:1", new SecureRandom());
        return new ExecutionRecord(token, "demo:1", "demo", "order", ExecutionStatus.FAILED, 1, 3, null,
                FAILED_AT.minusSeconds(60), FAILED_AT, FAILED_AT.plusSeconds(3600), "hash", List.of(), List.of(),
                null, null, null, null, null, null);
    }
}
