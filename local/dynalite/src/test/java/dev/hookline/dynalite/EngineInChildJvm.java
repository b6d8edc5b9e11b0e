package dev.hookline.dynalite;

import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Run by {@link DynaliteServerTest} in a JVM of its own: starts a persistent dynalite, writes one
 * item, prints {@code ready <dynalite pid> <port>} and waits to be killed.
 */
public final class EngineInChildJvm {

    private EngineInChildJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        DynaliteServer server = DynaliteServer.persistent("127.0.0.1", 0, Path.of(args[0]));
        try (DynamoDbClient client = server.newClient()) {
            DynaliteServerTest.createTable(client);
            client.putItem(put -> put.tableName(DynaliteServerTest.TABLE)
                    .item(Map.of("id", AttributeValue.fromS(args[1]))));
        }
        String port = server.endpoint().substring(server.endpoint().lastIndexOf(':') + 1);
        System.out.println("ready " + server.pid() + " " + port);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
