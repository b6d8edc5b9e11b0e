package dev.hookline.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** dynalite as a child process: it never outlives its JVM, and its data outlives both. */
class DynaliteServerTest {

    static final String TABLE = "items";

    @TempDir
    Path folder;

    @Test
    void theEngineExitsWhenItsJvmIsKilledAndLeavesPortLockAndDataForTheNextOne() throws Exception {
        Path data = folder.resolve("data");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EngineInChildJvm.class.getName(),
                data.toString(), "written-before-the-kill")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String[] ready;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            ready = out.readLine().split(" ");
        }
        long enginePid = Long.parseLong(ready[1]);
        int port = Integer.parseInt(ready[2]);
        assertThat(ProcessHandle.of(enginePid)).isPresent();

        jvm.destroyForcibly().waitFor();

        assertThat(exitsWithin(enginePid, 10)).as("dynalite %d outlived its JVM", enginePid).isTrue();
        try (DynaliteServer next = DynaliteServer.persistent("127.0.0.1", port, data);
                DynamoDbClient client = next.newClient()) {
            assertThat(client.getItem(get -> get.tableName(TABLE).key(key("written-before-the-kill"))).item())
                    .containsEntry("id", AttributeValue.fromS("written-before-the-kill"));
        }
    }

    @Test
    void aStoppedEngineKeepsEverythingForTheNextOneOnTheSameDirectory() {
        Path data = folder.resolve("kept");
        DynaliteServer first = DynaliteServer.persistent("127.0.0.1", 0, data);
        try (DynamoDbClient client = first.newClient()) {
            createTable(client);
            client.putItem(put -> put.tableName(TABLE).item(key("kept")));
        }
        first.close();
        assertThat(first.isAlive()).isFalse();

        try (DynaliteServer second = DynaliteServer.persistent("127.0.0.1", 0, data);
                DynamoDbClient client = second.newClient()) {
            assertThat(client.listTables().tableNames()).containsExactly(TABLE);
            assertThat(client.getItem(get -> get.tableName(TABLE).key(key("kept"))).hasItem()).isTrue();
        }
    }

    @Test
    void aDirectoryAnotherEngineHoldsIsRefusedWithAReason() {
        Path data = folder.resolve("held");
        DynaliteServer holder = DynaliteServer.persistent("127.0.0.1", 0, data);
        try {
            assertThatThrownBy(() -> DynaliteServer.persistent("127.0.0.1", 0, data).close())
                    .isInstanceOf(DynaliteException.class)
                    .hasMessageContaining(data.toString());
            assertThat(holder.isAlive()).isTrue();
        } finally {
            holder.close();
        }
    }

    @Test
    void aPortInUseIsRefusedNamingThePort() {
        DynaliteServer holder = DynaliteServer.inMemory("127.0.0.1", 0);
        String port = holder.endpoint().substring(holder.endpoint().lastIndexOf(':') + 1);
        try {
            assertThatThrownBy(() -> DynaliteServer.inMemory("127.0.0.1", Integer.parseInt(port)).close())
                    .isInstanceOf(DynaliteException.class)
                    .hasMessageContaining("port in use: 127.0.0.1:" + port);
        } finally {
            holder.close();
        }
    }

    static void createTable(DynamoDbClient client) {
        client.createTable(create -> create.tableName(TABLE)
                .attributeDefinitions(definition -> definition.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(schema -> schema.attributeName("id").keyType(KeyType.HASH))
                .billingMode("PAY_PER_REQUEST"));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private static boolean exitsWithin(long pid, int seconds) throws InterruptedException {
        Optional<ProcessHandle> engine = ProcessHandle.of(pid);
        if (engine.isEmpty()) {
            return true;
        }
        try {
            engine.get().onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException stillThere) {
            return !engine.get().isAlive();
        }
    }
}
