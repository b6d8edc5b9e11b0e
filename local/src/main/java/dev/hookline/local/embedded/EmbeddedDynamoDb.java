package dev.hookline.local.embedded;

import com.amazonaws.services.dynamodbv2.local.embedded.DDBExceptionMappingInvocationHandler;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.LocalDBClient;
import dev.hookline.events.store.WriteCountingClient;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local in this JVM: an HTTP endpoint for the AWS CLI and SDKs, and an in-process client
 * over the same database for Hookline's own functions. The in-process client skips HTTP and
 * signing, which made conditional writes about five times faster here (measured ~4,000/s against
 * ~400-960/s over HTTP).
 *
 * <p>DynamoDB Local has no public way to share one database between its HTTP server and its
 * embedded client, nor to choose the interface its server listens on, so this reaches three
 * non-public members of the pinned 2.6.1 release by reflection: the request handler's
 * {@code getHandler} (the shared database), the constructor of the exception-mapping proxy handler
 * that {@code DynamoDBEmbedded} uses, and the proxy server's Jetty {@code server}. Every test that
 * starts the local runtime goes through this, so an upgrade that breaks it fails the build.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final String ANY_CREDENTIALS = "local";

    private final DynamoDBProxyServer server;
    private final LocalDBClient database;
    private final DynamoDbClient client;
    private final String endpoint;
    private final LongAdder writes;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, LocalDBClient database, DynamoDbClient inProcess,
            String endpoint) {
        this.server = server;
        this.database = database;
        this.writes = new LongAdder();
        this.client = WriteCountingClient.wrap(inProcess, writes);
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
            listenOnlyOn(server, host);
            server.start();
            LocalDBClient database = sharedDatabase(requestHandler);
            return new EmbeddedDynamoDb(server, database, inProcessClient(database), "http://" + host + ":" + bound);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local could not start on port " + bound, e);
        }
    }

    /** The client Hookline's functions use: in-process, same data as the HTTP endpoint. */
    public DynamoDbClient client() {
        return client;
    }

    /** Writes Hookline's functions have sent through {@link #client()}, refused conditional writes included. */
    public long writes() {
        return writes.sum();
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
            // shutdown() leaves DynamoDB Local's TTL and index job threads running, which keeps the JVM alive.
            database.shutdownNow();
        }
    }

    private static LocalDBClient sharedDatabase(LocalDynamoDBRequestHandler requestHandler)
            throws ReflectiveOperationException {
        Method getHandler = LocalDynamoDBRequestHandler.class.getDeclaredMethod("getHandler", String.class);
        getHandler.setAccessible(true);
        return (LocalDBClient) getHandler.invoke(requestHandler, ANY_CREDENTIALS);
    }

    private static void listenOnlyOn(DynamoDBProxyServer proxy, String host) throws ReflectiveOperationException {
        Field jetty = DynamoDBProxyServer.class.getDeclaredField("server");
        jetty.setAccessible(true);
        for (Connector connector : ((Server) jetty.get(proxy)).getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost(host);
            }
        }
    }

    private static DynamoDbClient inProcessClient(LocalDBClient database) throws ReflectiveOperationException {
        Constructor<DDBExceptionMappingInvocationHandler> exceptionMapping =
                DDBExceptionMappingInvocationHandler.class.getDeclaredConstructor(LocalDBClient.class);
        exceptionMapping.setAccessible(true);
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, exceptionMapping.newInstance(database));
    }
}
