package dev.hookline.events.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsServiceClientConfiguration;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

class SqsRequestMeterTest {

    private final List<Message> waiting = new ArrayList<>();
    private final SqsRequestMeter meter = new SqsRequestMeter(new QueueThatAccepts());
    private final SqsClient sqs = meter.client();

    @Test
    void aSendCountsOneRequestPer64KilobytesBegun() {
        sqs.sendMessage(send -> send.queueUrl("q").messageBody("x".repeat(1000)));
        sqs.sendMessage(send -> send.queueUrl("q").messageBody("x".repeat(65_537)));

        assertThat(meter.totals().sends()).isEqualTo(1 + 2);
        assertThat(meter.totals().messagesSent()).isEqualTo(2);
        assertThat(meter.totals().sentBytes()).isEqualTo(1000 + 65_537);
    }

    @Test
    void aBatchOfSmallMessagesIsOneRequestAndItsPayloadIsCountedTogether() {
        sqs.sendMessageBatch(batch -> batch.queueUrl("q").entries(entries(10, 1000)));
        sqs.sendMessageBatch(batch -> batch.queueUrl("q").entries(entries(10, 7000)));

        assertThat(meter.totals().sends()).isEqualTo(1 + 2);
        assertThat(meter.totals().messagesSent()).isEqualTo(20);
    }

    @Test
    void receivesThatFindNothingAreCountedApart() {
        sqs.receiveMessage(receive -> receive.queueUrl("q"));
        waiting.add(Message.builder().body("x".repeat(100)).build());
        sqs.receiveMessage(receive -> receive.queueUrl("q"));

        assertThat(meter.totals().receives()).isEqualTo(1);
        assertThat(meter.totals().emptyReceives()).isEqualTo(1);
        assertThat(meter.totals().billedForMessages()).isEqualTo(1);
    }

    @Test
    void deletesAndVisibilityChangesCountOneEach() {
        sqs.deleteMessageBatch(delete -> delete.queueUrl("q"));
        sqs.changeMessageVisibility(change -> change.queueUrl("q").receiptHandle("r").visibilityTimeout(5));
        SqsRequests before = meter.totals();
        sqs.deleteMessageBatch(delete -> delete.queueUrl("q"));

        assertThat(meter.totals().since(before).deletes()).isEqualTo(1);
        assertThat(meter.totals().visibilityChanges()).isEqualTo(1);
        assertThat(meter.totals().billedForMessages()).isEqualTo(3);
    }

    private static List<SendMessageBatchRequestEntry> entries(int count, int bytes) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("x".repeat(bytes)).build());
        }
        return entries;
    }

    private final class QueueThatAccepts implements SqsClient {
        @Override
        public SendMessageResponse sendMessage(SendMessageRequest request) {
            return SendMessageResponse.builder().build();
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            return SendMessageBatchResponse.builder().build();
        }

        @Override
        public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
            ReceiveMessageResponse response = ReceiveMessageResponse.builder().messages(List.copyOf(waiting)).build();
            waiting.clear();
            return response;
        }

        @Override
        public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
            return DeleteMessageBatchResponse.builder().build();
        }

        @Override
        public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
            return ChangeMessageVisibilityResponse.builder().build();
        }

        @Override
        public SqsServiceClientConfiguration serviceClientConfiguration() {
            return SqsServiceClientConfiguration.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }
}
