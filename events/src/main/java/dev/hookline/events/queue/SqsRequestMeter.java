package dev.hookline.events.queue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * An SQS client that counts the requests sent through it as SQS bills them ({@link SqsRequests}),
 * so the local runtime can show what a webhook costs in SQS requests. It adds no call of its own.
 */
public final class SqsRequestMeter {

    /** SQS bills each 64 KB chunk of a request's payload as one request. */
    static final int BILLED_CHUNK_BYTES = 65_536;

    private final SqsClient sqs;
    private final SqsClient client;
    private final LongAdder sends = new LongAdder();
    private final LongAdder receives = new LongAdder();
    private final LongAdder emptyReceives = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final LongAdder visibilityChanges = new LongAdder();
    private final LongAdder other = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder sentBytes = new LongAdder();

    public SqsRequestMeter(SqsClient sqs) {
        this.sqs = sqs;
        this.client = (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(),
                new Class<?>[] {SqsClient.class}, this::dispatch);
    }

    /** The counted client: the same calls as the wrapped one. */
    public SqsClient client() {
        return client;
    }

    public SqsRequests totals() {
        return new SqsRequests(sends.sum(), receives.sum(), emptyReceives.sum(), deletes.sum(), visibilityChanges.sum(),
                other.sum(), messagesSent.sum(), sentBytes.sum());
    }

    private Object dispatch(Object proxy, Method method, Object[] args) throws Throwable {
        Object request = args != null && args.length == 1 ? args[0] : null;
        // A builder overload builds its request and calls the request overload on the proxy, which
        // counts it; a paginator calls the proxy for each page.
        if (request instanceof Consumer<?> || method.getName().endsWith("Paginator")) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Object response = send(method, args);
        if (request instanceof SendMessageRequest send) {
            countSent(1, payload(send.messageBody(), send.messageAttributes()));
        } else if (request instanceof SendMessageBatchRequest batch) {
            countSent(batch.entries().size(), batch.entries().stream()
                    .mapToLong(entry -> payload(entry.messageBody(), entry.messageAttributes())).sum());
        } else if (request instanceof ReceiveMessageRequest) {
            countReceived((ReceiveMessageResponse) response);
        } else if (request instanceof DeleteMessageRequest || request instanceof DeleteMessageBatchRequest) {
            deletes.increment();
        } else if (request instanceof ChangeMessageVisibilityRequest
                || request instanceof ChangeMessageVisibilityBatchRequest) {
            visibilityChanges.increment();
        } else if (request != null) {
            other.increment();
        }
        return response;
    }

    private Object send(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(sqs, args);
        } catch (InvocationTargetException failed) {
            throw failed.getCause();
        }
    }

    private void countSent(int messages, long bytes) {
        sends.add(chunks(bytes));
        messagesSent.add(messages);
        sentBytes.add(bytes);
    }

    private void countReceived(ReceiveMessageResponse response) {
        if (!response.hasMessages() || response.messages().isEmpty()) {
            emptyReceives.increment();
            return;
        }
        receives.add(chunks(response.messages().stream()
                .mapToLong(message -> payload(message.body(), message.messageAttributes())).sum()));
    }

    static long chunks(long payloadBytes) {
        return Math.max(1, (payloadBytes + BILLED_CHUNK_BYTES - 1) / BILLED_CHUNK_BYTES);
    }

    private static long payload(String body, Map<String, MessageAttributeValue> attributes) {
        long bytes = utf8(body);
        for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
            MessageAttributeValue value = attribute.getValue();
            bytes += utf8(attribute.getKey()) + utf8(value.dataType())
                    + (value.stringValue() != null ? utf8(value.stringValue()) : 0)
                    + (value.binaryValue() != null ? value.binaryValue().asByteArray().length : 0);
        }
        return bytes;
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
