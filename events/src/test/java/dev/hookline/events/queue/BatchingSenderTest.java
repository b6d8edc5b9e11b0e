package dev.hookline.events.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

class BatchingSenderTest {

    @Test
    void largeMessagesSentTogetherGoOutInBatchesWithinSqsBatchLimit() throws Exception {
        List<Integer> batchBytes = new CopyOnWriteArrayList<>();
        CountDownLatch firstInSqs = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        BatchingSender sender = new BatchingSender(sqs(batchBytes, firstInSqs, othersQueued), "http://sqs.local/q", 1);
        String large = "x".repeat(300 * 1024);

        // The first send holds the only flusher in SQS until the other nine wait together behind it.
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> sender.send(large));
        assertThat(firstInSqs.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Void>> rest = IntStream.range(0, 9)
                .mapToObj(i -> CompletableFuture.runAsync(() -> sender.send(large)))
                .toList();
        Thread.sleep(200);
        othersQueued.countDown();
        first.get(5, TimeUnit.SECONDS);
        for (CompletableFuture<Void> send : rest) {
            send.get(5, TimeUnit.SECONDS);
        }
        sender.close();

        assertThat(batchBytes).allSatisfy(bytes -> assertThat(bytes).isLessThanOrEqualTo(BatchingSender.MAX_BATCH_BYTES));
        assertThat(batchBytes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10 * large.length());
        assertThat(batchBytes).as("nine waiting messages of 300 KiB in batches of three").hasSize(4);
    }

    private static SqsClient sqs(List<Integer> batchBytes, CountDownLatch entered, CountDownLatch release) {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> {
                    SendMessageBatchRequest request = (SendMessageBatchRequest) args[0];
                    entered.countDown();
                    release.await(5, TimeUnit.SECONDS);
                    batchBytes.add(request.entries().stream()
                            .mapToInt(entry -> entry.messageBody().getBytes(StandardCharsets.UTF_8).length).sum());
                    return SendMessageBatchResponse.builder()
                            .successful(request.entries().stream().map(SendMessageBatchRequestEntry::id)
                                    .map(id -> SendMessageBatchResultEntry.builder().id(id).build()).toList())
                            .build();
                });
    }
}
