package dev.hookline.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Transition;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long the console's pages take in Chromium with 10,000 executions in the table (received over
 * the last 14 minutes, so all in the overview's 15-minute window), written to
 * {@code target/console-load-time.txt}. A measurement, not a check of the suite: it runs only with
 * {@code -Dhookline.consoleLoadTime=true}.
 */
@EnabledIfSystemProperty(named = "hookline.consoleLoadTime", matches = "true")
class ConsoleLoadTimeMeasurement {

    private static final int EXECUTIONS = 10_000;
    private static final String[] SOURCES = {"github", "stripe", "shopify", "billing"};

    @Test
    void tenThousandExecutionsLoadInChromium() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts())) {
            ExecutionStore store = new ExecutionStore(runtime.clients().dynamoDb(),
                    runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE));
            long seeding = System.nanoTime();
            seed(store, Instant.now());
            Duration seeded = Duration.ofNanos(System.nanoTime() - seeding);
            try (ConsoleServer console = ConsoleServer.start("127.0.0.1", 0, ConsoleData.of(runtime))) {
                Path report = Path.of("target", "console-load-time.txt");
                Files.writeString(report, EXECUTIONS + " executions seeded through ExecutionStore in "
                        + seeded.toSeconds() + " s\n");
                ProcessBuilder timing = new ProcessBuilder("node",
                        Path.of("src", "test", "browser", "load-time.mjs").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(report.toFile()));
                timing.environment().putAll(Map.of("CONSOLE_URL", console.url(), "RUNS", "7"));
                Process browser = timing.start();
                assertThat(browser.waitFor(10, TimeUnit.MINUTES)).isTrue();
                assertThat(browser.exitValue()).as(Files.readString(report)).isZero();
            }
        }
    }

    /** 85% completed, 10% failed, 3% rejected, 2% still processing, spread over the last 14 minutes. */
    private static void seed(ExecutionStore store, Instant now) throws Exception {
        for (String source : SOURCES) {
            store.registerSource(source);
        }
        SecureRandom random = new SecureRandom();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < EXECUTIONS; i++) {
            int n = i;
            writes.add(writers.submit(() -> store.create(record(n, now, random))));
        }
        for (Future<?> write : writes) {
            write.get();
        }
        writers.shutdown();
    }

    private static ExecutionRecord record(int n, Instant now, SecureRandom random) {
        String key = "seed-" + n;
        ExecutionToken token = ExecutionToken.issue(key, random);
        Instant received = now.minusMillis((long) n * Duration.ofMinutes(14).toMillis() / EXECUTIONS);
        int kind = n % 100;
        ExecutionStatus status = kind < 85 ? ExecutionStatus.COMPLETED : kind < 95 ? ExecutionStatus.FAILED
                : kind < 98 ? ExecutionStatus.REJECTED : ExecutionStatus.PROCESSING;
        Instant updated = received.plusMillis(300);
        List<Transition> history = List.of(new Transition(ExecutionStatus.STARTED, received, 0, 1),
                new Transition(ExecutionStatus.PROCESSING, received.plusMillis(100), 1, 1),
                new Transition(status, updated, 1, 1));
        ExecutionError error = status == ExecutionStatus.FAILED
                ? new ExecutionError("forward_failed", "the target answered 503") : null;
        return new ExecutionRecord(token, key, SOURCES[n % SOURCES.length], "order", status, 1, 1, null, received,
                updated, now.plus(Duration.ofDays(7)), "0".repeat(64), history, List.of(), null, null, error,
                status == ExecutionStatus.COMPLETED ? "{\"outcome\":\"completed\"}" : null, null, null);
    }
}
