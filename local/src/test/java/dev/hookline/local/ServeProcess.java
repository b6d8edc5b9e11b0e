package dev.hookline.local;

import dev.hookline.dynalite.DynaliteInstallation;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.local.cli.AwsTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Test fixture: {@code hookline serve} in a child JVM of its own, on free ports, so a test can kill
 * it with SIGKILL as a crash would and start it again on the same data directory.
 */
public final class ServeProcess implements AutoCloseable {

    private static final Pattern ENDPOINT = Pattern.compile("^\\s+(gateway|dynamodb|sqs)\\s+(http://\\S+)");

    private final Process process;
    private final String gatewayUrl;
    private final String dynamoDbEndpoint;
    private final String sqsEndpoint;
    private final List<String> banner;
    private SqsClient sqs;
    private DynamoDbClient dynamoDb;

    private ServeProcess(Process process, String gatewayUrl, String dynamoDbEndpoint, String sqsEndpoint,
            List<String> banner) {
        this.process = process;
        this.gatewayUrl = gatewayUrl;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.sqsEndpoint = sqsEndpoint;
        this.banner = banner;
    }

    /** Starts serve with these arguments after {@code serve --port 0 ...} and waits for its banner. */
    public static ServeProcess start(Path log, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-D" + DynaliteInstallation.DIRECTORY_PROPERTY + "=" + DynaliteInstallation.locate().directory(),
                "-cp", System.getProperty("java.class.path"),
                "dev.hookline.local.cli.HooklineCommand", "serve",
                "--port", "0", "--dynamodb-port", "0", "--sqs-port", "0", "--console-port", "0"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        CompletableFuture<ServeProcess> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readBanner(process, ready), "serve-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(60, TimeUnit.SECONDS);
        } catch (Exception notReady) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("hookline serve did not get ready; see " + log, notReady);
        }
    }

    private static void readBanner(Process process, CompletableFuture<ServeProcess> ready) {
        List<String> banner = new ArrayList<>();
        String gateway = null;
        String dynamoDb = null;
        String sqs = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!ready.isDone()) {
                    banner.add(line);
                    Matcher endpoint = ENDPOINT.matcher(line);
                    if (endpoint.find()) {
                        switch (endpoint.group(1)) {
                            case "gateway" -> gateway = endpoint.group(2);
                            case "dynamodb" -> dynamoDb = endpoint.group(2);
                            default -> sqs = endpoint.group(2);
                        }
                    }
                    if (line.startsWith("Press Ctrl-C")) {
                        ready.complete(new ServeProcess(process, gateway, dynamoDb, sqs, List.copyOf(banner)));
                    }
                }
            }
        } catch (IOException closed) {
            // The process is gone; whoever waits learns it below.
        }
        ready.completeExceptionally(new IllegalStateException("serve exited: " + String.join(" / ", banner)));
    }

    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** A client of this serve, as the other end-to-end tests use against a runtime in their own JVM. */
    public RunningHookline hookline(Duration deadline) {
        return new RunningHookline(gatewayUrl, sqs(),
                queue -> sqs().getQueueUrl(get -> get.queueName(queue)).queueUrl(), deadline);
    }

    /** The executions table, read as an operator would, with this serve's endpoints. */
    public ExecutionStore executions() {
        if (dynamoDb == null) {
            dynamoDb = target().dynamoDb();
        }
        return target().store(dynamoDb);
    }

    private SqsClient sqs() {
        if (sqs == null) {
            sqs = target().sqs();
        }
        return sqs;
    }

    private AwsTarget target() {
        return new AwsTarget(Optional.of(URI.create(dynamoDbEndpoint)), Optional.of(URI.create(sqsEndpoint)),
                Optional.empty(), LocalRuntime.EXECUTIONS_TABLE, Optional.empty(), Optional.empty());
    }

    /** What serve printed up to its "Press Ctrl-C" line. */
    public List<String> banner() {
        return banner;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        closeClients();
    }

    /** SIGTERM, as Ctrl-C would: serve stops cleanly. */
    @Override
    public void close() {
        closeClients();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void closeClients() {
        if (sqs != null) {
            sqs.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }
}
