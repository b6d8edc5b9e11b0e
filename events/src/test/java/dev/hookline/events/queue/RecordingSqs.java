package dev.hookline.events.queue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * An SQS client for tests of code that sends through {@link WebhookQueue}: keeps what is sent, and
 * fails the next sends on demand.
 */
public final class RecordingSqs {

    public final List<String> sentBodies = new CopyOnWriteArrayList<>();
    public final AtomicInteger failuresToInject = new AtomicInteger();

    /** A client whose batch sends fail while {@link #failuresToInject} is positive. */
    public SqsClient client() {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("sendMessageBatch") || !(args[0] instanceof SendMessageBatchRequest)) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw SdkClientException.create("injected: SQS unreachable");
                    }
                    SendMessageBatchRequest request = (SendMessageBatchRequest) args[0];
                    request.entries().stream().map(SendMessageBatchRequestEntry::messageBody).forEach(sentBodies::add);
                    return SendMessageBatchResponse.builder()
                            .successful(request.entries().stream()
                                    .map(entry -> SendMessageBatchResultEntry.builder().id(entry.id()).build())
                                    .toList())
                            .failed(List.of())
                            .build();
                });
    }
}
