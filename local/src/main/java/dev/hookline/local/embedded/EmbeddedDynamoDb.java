package dev.hookline.local.embedded;

import com.amazonaws.services.dynamodbv2.local.embedded.DDBExceptionMappingInvocationHandler;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.LocalDBClient;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local in this JVM: an HTTP endpoint for the AWS CLI and SDKs, and an in-process client
 * over the same database for Hookline's own functions. The in-process client skips HTTP and
 * signing, which made conditional writes about five times faster here (measured ~4,000/s against
 * ~400-960/s over HTTP).
 *
 * <p>DynamoDB Local has no public way to share one database between its HTTP server and its
 * embedded client, so this reaches two non-public members of the pinned 2.6.1 release by
 * reflection: the request handler's {@code getHandler} (the shared database) and the constructor of
 * the exception-mapping proxy handler that {@code DynamoDBEmbedded} uses. A test starts it, so an
 * upgrade that breaks this fails the build.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final String ANY_CREDENTIALS = "local";

    private final DynamoDBProxyServer server;
    private final LocalDynamoDBRequestHandler requestHandler;
    private final DynamoDbClient client;
    private final String endpoint;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, LocalDynamoDBRequestHandler requestHandler,
            DynamoDbClient client, String endpoint) {
        this.server = server;
        this.requestHandler = requestHandler;
        this.client = client;
        this.endpoint = endpoint;
    }

    /** Starts an in-memory database served on {@code host:port} (0 picks a free port). */
    public static EmbeddedDynamoDb start(String host, int port) {
        int bound = FreePort.resolve(host, port);
        try {
            LocalDynamoDBRequestHandler requestHandler =
                    new LocalDynamoDBRequestHandler(0, true, null, true, false);
            DynamoDBProxyServer server =
                    new DynamoDBProxyServer(bound, new LocalDynamoDBServerHandler(requestHandler, null));
            server.start();
            return new EmbeddedDynamoDb(server, requestHandler, inProcessClient(requestHandler),
                    "http://" + host + ":" + bound);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local could not start on port " + bound, e);
        }
    }

    /** The client Hookline's functions use: in-process, same data as the HTTP endpoint. */
    public DynamoDbClient client() {
        return client;
    }

    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        } finally {
            requestHandler.shutdown();
        }
    }

    private static DynamoDbClient inProcessClient(LocalDynamoDBRequestHandler requestHandler)
            throws ReflectiveOperationException {
        Method sharedDatabase = LocalDynamoDBRequestHandler.class.getDeclaredMethod("getHandler", String.class);
        sharedDatabase.setAccessible(true);
        LocalDBClient database = (LocalDBClient) sharedDatabase.invoke(requestHandler, ANY_CREDENTIALS);
        Constructor<DDBExceptionMappingInvocationHandler> exceptionMapping =
                DDBExceptionMappingInvocationHandler.class.getDeclaredConstructor(LocalDBClient.class);
        exceptionMapping.setAccessible(true);
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, exceptionMapping.newInstance(database));
    }
}
