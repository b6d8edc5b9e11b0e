package dev.hookline.loadtests;

import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.local.DemoSource;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end benchmark: starts Hookline in this JVM on free ports, posts signed webhooks over real
 * HTTP from {@code --concurrency} senders, waits until the processor has finished every one, checks
 * they all ended COMPLETED, and prints ingest and end-to-end throughput, ingest latency and DynamoDB
 * writes per webhook. {@code --batch-parallelism} sets the template parameter of that name;
 * {@code --data-dir DIR} persists state there, as {@code hookline serve} does, instead of in memory.
 *
 * <pre>mvn -q install -DskipTests &amp;&amp; mvn -q -pl load-tests exec:java -Dexec.args="--webhooks 5000 --concurrency 32"</pre>
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int webhooks = Integer.parseInt(options.getOrDefault("webhooks", "5000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "32"));
        int bodyBytes = Integer.parseInt(options.getOrDefault("body-bytes", "512"));
        String parallelism = options.getOrDefault("batch-parallelism", "10");
        Path dataDirectory = options.containsKey("data-dir") ? Path.of(options.get("data-dir")) : null;

        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts()
                .withDataDirectory(dataDirectory)
                .withParameters(Map.of("BatchParallelism", parallelism)))) {
            System.out.printf("hookline ready in %d ms; %d webhooks of %d bytes from %d senders, batch parallelism %s,"
                    + " state %s%n", runtime.readyIn().toMillis(), webhooks, bodyBytes, concurrency, parallelism,
                    runtime.dataDirectory().map(folder -> "persisted in " + folder).orElse("in memory"));
            warmUp(runtime, Math.min(500, webhooks), concurrency, bodyBytes);
            long processedBefore = processed(runtime);
            long writesBefore = runtime.dynamoDbWrites();

            long[] latenciesNanos = new long[webhooks];
            long started = System.nanoTime();
            int refused = post(runtime, webhooks, concurrency, bodyBytes, latenciesNanos, "run");
            long ingested = System.nanoTime();
            awaitProcessed(runtime, processedBefore + webhooks - refused, Duration.ofMinutes(10));
            long finished = System.nanoTime();

            Arrays.sort(latenciesNanos);
            double ingestSeconds = (ingested - started) / 1e9;
            double endToEndSeconds = (finished - started) / 1e9;
            System.out.printf("ingest:     %d accepted, %d refused in %.2f s = %.0f webhooks/s%n",
                    webhooks - refused, refused, ingestSeconds, (webhooks - refused) / ingestSeconds);
            System.out.printf("latency:    p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    percentile(latenciesNanos, 50), percentile(latenciesNanos, 95), percentile(latenciesNanos, 99),
                    latenciesNanos[webhooks - 1] / 1e6);
            System.out.printf("end to end: %d processed in %.2f s = %.0f webhooks/s%n",
                    webhooks - refused, endToEndSeconds, (webhooks - refused) / endToEndSeconds);
            System.out.printf("writes:     %.2f DynamoDB writes per webhook, ingest and processor%n",
                    (runtime.dynamoDbWrites() - writesBefore) / (double) (webhooks - refused));
            System.out.printf("completed:  %d records COMPLETED in the table (warm-up included)%n",
                    countCompleted(runtime));
            Runtime jvm = Runtime.getRuntime();
            System.out.printf("heap:       %d MiB used of %d MiB%n",
                    (jvm.totalMemory() - jvm.freeMemory()) >> 20, jvm.totalMemory() >> 20);
        }
    }

    private static void warmUp(LocalRuntime runtime, int webhooks, int concurrency, int bodyBytes) throws Exception {
        long before = processed(runtime);
        int refused = post(runtime, webhooks, concurrency, bodyBytes, new long[webhooks], "warmup");
        awaitProcessed(runtime, before + webhooks - refused, Duration.ofMinutes(2));
    }

    private static int post(LocalRuntime runtime, int webhooks, int concurrency, int bodyBytes, long[] latencies,
            String prefix) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        URI target = URI.create(runtime.gatewayUrl() + "/webhooks/" + DemoSource.NAME);
        Secret secret = Secret.ofUtf8(DemoSource.SECRET);
        AtomicInteger next = new AtomicInteger();
        AtomicLong refused = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        for (int s = 0; s < concurrency; s++) {
            senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < webhooks; i = next.getAndIncrement()) {
                    byte[] body = body(prefix + "-" + i, bodyBytes);
                    HttpRequest request = HttpRequest.newBuilder(target)
                            .header("content-type", "application/json")
                            .header(GitHubSignature.DELIVERY_HEADER, UUID.randomUUID().toString())
                            .header(GitHubSignature.SIGNATURE_HEADER, GitHubSignature.sign(secret, body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build();
                    long sent = System.nanoTime();
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 202) {
                            refused.incrementAndGet();
                        }
                    } catch (Exception failed) {
                        refused.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
                return null;
            });
        }
        senders.shutdown();
        senders.awaitTermination(10, TimeUnit.MINUTES);
        return (int) refused.get();
    }

    private static byte[] body(String orderId, int size) {
        String head = "{\"type\":\"order\",\"orderId\":\"" + orderId + "\",\"padding\":\"";
        String tail = "\"}";
        int padding = Math.max(0, size - head.length() - tail.length());
        return (head + "x".repeat(padding) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static long processed(LocalRuntime runtime) {
        return runtime.pollers().stream().mapToLong(poller -> poller.recordCounts()[0]).sum();
    }

    private static void awaitProcessed(LocalRuntime runtime, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processed(runtime) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + processed(runtime) + " of " + target + " processed");
            }
            Thread.sleep(10);
        }
    }

    private static long countCompleted(LocalRuntime runtime) {
        String table = runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE);
        return new ExecutionStore(runtime.clients().dynamoDb(), table).countWithStatus(ExecutionStatus.COMPLETED);
    }

    private static double percentile(long[] sorted, int percentile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
