package dev.hookline.events.config;

import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients a function needs. On Lambda they come from the default chain and are built on
 * first use, so a function that never touches SQS never pays for its client.
 */
public interface AwsClients {

    DynamoDbClient dynamoDb();

    SqsClient sqs();

    static AwsClients of(DynamoDbClient dynamoDb, SqsClient sqs) {
        return new AwsClients() {
            @Override
            public DynamoDbClient dynamoDb() {
                return dynamoDb;
            }

            @Override
            public SqsClient sqs() {
                return sqs;
            }
        };
    }

    /**
     * Clients for the Lambda runtime: region, credentials and any endpoint ({@code AWS_ENDPOINT_URL}) from
     * the environment; the HTTP client is the one the function's jar carries, with the SDK's 2-second
     * connection timeout.
     */
    static AwsClients defaultChain() {
        Supplier<DynamoDbClient> dynamoDb = memoize(DynamoDbClient::create);
        // An anonymous class, not a lambda or a method reference: linking either resolves SqsClient, which the
        // status functions' jar does not carry.
        Supplier<SqsClient> sqs = memoize(new Supplier<>() {
            @Override
            public SqsClient get() {
                return SqsClient.create();
            }
        });
        return new AwsClients() {
            @Override
            public DynamoDbClient dynamoDb() {
                return dynamoDb.get();
            }

            @Override
            public SqsClient sqs() {
                return sqs.get();
            }
        };
    }

    private static <T> Supplier<T> memoize(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    synchronized (this) {
                        current = value;
                        if (current == null) {
                            current = factory.get();
                            value = current;
                        }
                    }
                }
                return current;
            }
        };
    }
}
