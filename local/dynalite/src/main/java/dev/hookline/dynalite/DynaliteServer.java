package dev.hookline.dynalite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynalite, an open-source DynamoDB-compatible engine, running as a child process of this JVM:
 * started on a port, ready once it answers, its output sent to the log, stopped with its owner.
 *
 * <p>The child reads its stdin until it closes, and the kernel closes it whenever this JVM ends,
 * however it ends, so the child never outlives the JVM to hold the port or the data's lock.
 */
public final class DynaliteServer implements AutoCloseable {

    /** The region every local endpoint answers for; dynalite accepts any. */
    public static final Region REGION = Region.US_EAST_1;
    /** dynalite checks that requests are signed, not by whom. */
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private static final Logger LOG = LoggerFactory.getLogger(DynaliteServer.class);
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    /** Enough for the gateway's workers, the processor's batch threads and the listing's queries at once. */
    private static final int MAX_CONNECTIONS = 128;

    private final Process process;
    private final String endpoint;
    private final Path dataDirectory;

    private DynaliteServer(Process process, String endpoint, Path dataDirectory) {
        this.process = process;
        this.endpoint = endpoint;
        this.dataDirectory = dataDirectory;
    }

    /** Starts dynalite in memory on {@code host:port} (0 picks a free port); its data ends with it. */
    public static DynaliteServer inMemory(String host, int port) {
        return start(DynaliteInstallation.locate(), host, port, null);
    }

    /** Starts dynalite on {@code host:port} keeping its LevelDB files in {@code dataDirectory}. */
    public static DynaliteServer persistent(String host, int port, Path dataDirectory) {
        return start(DynaliteInstallation.locate(), host, port, dataDirectory);
    }

    static DynaliteServer start(DynaliteInstallation installation, String host, int port, Path dataDirectory) {
        ProcessBuilder builder = new ProcessBuilder(installation.node(), "-e", supervisorScript())
                .directory(installation.directory().toFile())
                .redirectErrorStream(true);
        builder.environment().put("HOOKLINE_DYNALITE_HOST", host);
        builder.environment().put("HOOKLINE_DYNALITE_PORT", Integer.toString(port));
        if (dataDirectory != null) {
            builder.environment().put("HOOKLINE_DYNALITE_PATH", dataDirectory.toAbsolutePath().toString());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException noNode) {
            throw new DynaliteException("cannot run Node.js (`" + installation.node() + "`): dynalite needs "
                    + "Node.js 20 or newer on the PATH, or its path in " + DynaliteInstallation.NODE_VARIABLE, noNode);
        }
        CompletableFuture<Integer> boundPort = new CompletableFuture<>();
        Thread output = new Thread(() -> relayOutput(process, boundPort), "dynalite-output");
        output.setDaemon(true);
        output.start();
        int bound = awaitPort(process, boundPort);
        DynaliteServer server = new DynaliteServer(process, "http://" + hostForUrls(host) + ":" + bound, dataDirectory);
        server.awaitAnswer();
        return server;
    }

    /** The HTTP endpoint, for the SDKs and the AWS CLI. */
    public String endpoint() {
        return endpoint;
    }

    /** Where the data lives; {@code null} when it is in memory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id, for tests that prove the child does not outlive its JVM. */
    public long pid() {
        return process.pid();
    }

    /** A new client for this endpoint; the caller closes it. */
    public DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /** Stops dynalite: it closes its store and exits; one that does not within ten seconds is killed. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("dynalite did not stop within {} s; killing it", STOP_WITHIN.toSeconds());
                process.destroyForcibly().waitFor();
            }
        } catch (IOException alreadyGone) {
            process.destroyForcibly();
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAnswer() {
        long giveUpAt = System.nanoTime() + READY_WITHIN.toNanos();
        try (DynamoDbClient client = newClient()) {
            while (true) {
                try {
                    client.listTables(list -> list.limit(1));
                    return;
                } catch (SdkException notYet) {
                    if (!process.isAlive() || System.nanoTime() > giveUpAt) {
                        close();
                        throw new DynaliteException("dynalite at " + endpoint + " does not answer"
                                + (dataDirectory == null ? "" : " (is " + dataDirectory + " in use by another process?)")
                                + ": " + notYet.getMessage(), notYet);
                    }
                    sleep(Duration.ofMillis(50));
                }
            }
        }
    }

    private static int awaitPort(Process process, CompletableFuture<Integer> boundPort) {
        try {
            return boundPort.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            process.destroyForcibly();
            throw new DynaliteException(failed.getCause().getMessage(), failed.getCause());
        } catch (TimeoutException slow) {
            process.destroyForcibly();
            throw new DynaliteException("dynalite did not start within " + READY_WITHIN.toSeconds() + " s");
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DynaliteException("interrupted while dynalite was starting");
        }
    }

    /** Sends every line the child prints to the log; the first announces its port. */
    private static void relayOutput(Process process, CompletableFuture<Integer> boundPort) {
        List<String> beforeReady = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher listening = LISTENING.matcher(line);
                if (!boundPort.isDone() && listening.find()) {
                    boundPort.complete(Integer.parseInt(listening.group(1)));
                } else if (!boundPort.isDone()) {
                    beforeReady.add(line);
                }
                LOG.info(line);
            }
        } catch (IOException | UncheckedIOException closed) {
            LOG.debug("dynalite's output closed", closed);
        }
        if (!boundPort.isDone()) {
            boundPort.completeExceptionally(new DynaliteException("dynalite exited before it was ready"
                    + exitCode(process) + (beforeReady.isEmpty() ? "" : ": " + String.join(" / ", beforeReady))));
        }
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? " (exit code " + process.exitValue() + ")" : "";
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String supervisorScript() {
        try (InputStream script = DynaliteServer.class.getResourceAsStream("supervised-dynalite.js")) {
            if (script == null) {
                throw new DynaliteException("supervised-dynalite.js is missing from the classpath");
            }
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hostForUrls(String host) {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DynaliteException("interrupted while waiting for dynalite");
        }
    }
}
