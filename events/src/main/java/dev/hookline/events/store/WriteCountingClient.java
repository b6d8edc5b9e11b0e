package dev.hookline.events.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client that counts the writes it sends, refused conditional writes included (DynamoDB
 * bills those too), so the local runtime and tests can show what a webhook costs.
 */
public final class WriteCountingClient {

    private static final Set<String> WRITES =
            Set.of("putItem", "updateItem", "deleteItem", "batchWriteItem", "transactWriteItems");

    private WriteCountingClient() {
    }

    public static DynamoDbClient wrap(DynamoDbClient client, LongAdder writes) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (WRITES.contains(method.getName())) {
                        writes.increment();
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
