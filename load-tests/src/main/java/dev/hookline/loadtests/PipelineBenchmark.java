package dev.hookline.loadtests;

import dev.hookline.dynalite.DynaliteServer;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.queue.SqsRequests;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.capacity.ItemSize;
import dev.hookline.events.store.capacity.MeteredCapacity;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.loadtests.cost.AwsPrices;
import dev.hookline.loadtests.cost.CostBreakdown;
import dev.hookline.loadtests.cost.CostModel;
import dev.hookline.loadtests.cost.DurableEngineUsage;
import dev.hookline.loadtests.cost.WebhookUsage;
import dev.hookline.loadtests.raw.RawPipeline;
import dev.hookline.local.DemoSource;
import dev.hookline.local.Invocations;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import dev.hookline.local.poller.SqsEventSourcePoller;
import dev.hookline.local.template.DurableConfigSpec;
import dev.hookline.local.template.FunctionSpec;
import dev.hookline.local.template.SamTemplate;
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
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * End-to-end benchmark: starts Hookline in this JVM on free ports, posts signed webhooks over real
 * HTTP from {@code --concurrency} senders, waits until the processor has finished every one, checks
 * they all ended COMPLETED, and prints ingest and end-to-end throughput, ingest latency and DynamoDB
 * writes per webhook. {@code --batch-parallelism} sets the template parameter of that name;
 * {@code --data-dir DIR} persists state there, as {@code hookline serve} does, instead of in memory.
 *
 * <p>Then, back to back in the same process and on the same dynalite and ElasticMQ, the raw limits
 * at the same concurrency ({@link RawPipeline}): what the engines sustain for the least work a
 * webhook needs, and Hookline's throughput as a fraction of it. Hookline's ingest combines the
 * SendMessage calls of concurrent requests into batches, while a raw client sends one by one, so
 * the ingest ratio flatters neither side by design but does not compare identical SQS calls.
 *
 * <p>Then a short run ({@code --capacity-webhooks}, 200 by default) on a second runtime with the
 * {@link dev.hookline.events.store.capacity.CapacityMeter} on, which prints the write and read
 * units per webhook (dynalite reports the table's units only; the index's are counted by
 * DynamoDB's rules), and the cost per million webhooks on AWS for both processor engines
 * ({@link CostModel}, prices in {@code aws-prices.properties}): DynamoDB units from the metered
 * run; SQS requests, Lambda invocations and handler time (local timings standing in for Lambda's)
 * and HTTP API requests from the throughput run; durable operations and data counted from the SDK
 * adapter's code ({@link DurableEngineUsage}). {@code --cost-breakdown true} adds the usage, the
 * cost by component and the handler timings.
 *
 * <pre>mvn -q install -DskipTests &amp;&amp; mvn -q -pl load-tests exec:java -Dexec.args="--webhooks 5000 --concurrency 32"</pre>
 */
public final class PipelineBenchmark {

    private static final String INGEST_FUNCTION = "IngestFunction";
    private static final String PROCESSOR_FUNCTION = "ProcessorFunction";
    private static final String DURABLE_PROCESSOR_FUNCTION = "DurableProcessorFunction";
    /** template.yaml's Globals: MemorySize 1024 (arm64), which Lambda bills GB-seconds by. */
    private static final double LAMBDA_MEMORY_GB = 1.0;
    /** Long enough that no scheduled function (the reconciler) reads during the capacity phase. */
    private static final Duration NO_SCHEDULE_WHILE_METERING = Duration.ofHours(1);

    private record Throughput(double ingest, double endToEnd) {
    }

    private record Capacity(MeteredCapacity counted, int webhooks) {
        double perWebhook(long units) {
            return units / (double) webhooks;
        }
    }

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int webhooks = Integer.parseInt(options.getOrDefault("webhooks", "5000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "32"));
        int bodyBytes = Integer.parseInt(options.getOrDefault("body-bytes", "512"));
        String parallelism = options.getOrDefault("batch-parallelism", "10");
        Path dataDirectory = options.containsKey("data-dir") ? Path.of(options.get("data-dir")) : null;
        int capacityWebhooks = Integer.parseInt(options.getOrDefault("capacity-webhooks", "200"));
        boolean costBreakdown = Boolean.parseBoolean(options.getOrDefault("cost-breakdown", "false"));

        Throughput hookline;
        Throughput raw;
        WebhookUsage measured;
        double messageBytes;
        Map<String, AttributeValue> completedRecord;
        String lambdaTimings;
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts()
                .withDataDirectory(dataDirectory)
                .withParameters(Map.of("BatchParallelism", parallelism)))) {
            System.out.printf("hookline ready in %d ms; %d webhooks of %d bytes from %d senders, batch parallelism %s,"
                    + " state %s%n", runtime.readyIn().toMillis(), webhooks, bodyBytes, concurrency, parallelism,
                    runtime.dataDirectory().map(folder -> "persisted in " + folder).orElse("in memory"));
            warmUp(runtime, Math.min(500, webhooks), concurrency, bodyBytes);
            long processedBefore = processed(runtime);
            long writesBefore = runtime.dynamoDbWrites();
            Map<String, Invocations> invocationsBefore = runtime.invocations();
            SqsRequests sqsBefore = runtime.sqsRequests();

            long[] latenciesNanos = new long[webhooks];
            long started = System.nanoTime();
            int refused = post(runtime, webhooks, concurrency, bodyBytes, latenciesNanos, "run");
            long ingested = System.nanoTime();
            awaitProcessed(runtime, processedBefore + webhooks - refused, Duration.ofMinutes(10));
            long finished = System.nanoTime();
            Map<String, Invocations> invocationsAfter = runtime.invocations();
            SqsRequests sqs = runtime.sqsRequests().since(sqsBefore);

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

            int accepted = webhooks - refused;
            double ingestAlone = ingestAlone(runtime, webhooks, concurrency, bodyBytes);
            System.out.printf("ingest alone: %.0f webhooks/s with the event source mapping disabled, as raw ingest"
                    + " runs with no consumer%n", ingestAlone);
            hookline = new Throughput(ingestAlone, accepted / endToEndSeconds);
            Invocations ingest = since(invocationsAfter, invocationsBefore, INGEST_FUNCTION);
            Invocations processor = since(invocationsAfter, invocationsBefore, PROCESSOR_FUNCTION);
            messageBytes = sqs.sentBytes() / (double) sqs.messagesSent();
            measured = new WebhookUsage(0, 0, sqs.billedForMessages() / (double) accepted,
                    ingest.count() / (double) accepted,
                    (ingest.count() + processor.count()) / (double) accepted,
                    LAMBDA_MEMORY_GB * (ingest.nanos() + processor.nanos()) / 1e9 / accepted, 0, 0, 0);
            lambdaTimings = String.format("ingest %.2f ms per request, processor %.1f ms per batch of %.1f"
                            + " (local handler timings standing in for Lambda's)",
                    ingest.millisEach(), processor.millisEach(), accepted / (double) processor.count());
            completedRecord = completedRecord(runtime);
            raw = raw(runtime, completedRecord, (int) Math.round(messageBytes), webhooks, concurrency);
        }
        Capacity capacity = capacity(parallelism, capacityWebhooks, concurrency, bodyBytes);

        System.out.printf("raw ingest: %.0f put+send/s at %d clients%n", raw.ingest(), concurrency);
        System.out.printf("raw e2e:    %.0f webhooks/s at %d clients%n", raw.endToEnd(), concurrency);
        System.out.printf("ratios:     ingest %.2f of raw, end to end %.2f of raw%n",
                hookline.ingest() / raw.ingest(), hookline.endToEnd() / raw.endToEnd());
        MeteredCapacity counted = capacity.counted();
        System.out.printf("metering:   %d webhooks, %d writes (%d refused): units counted by DynamoDB's rules from"
                        + " the item before and after each write; dynalite's ReturnConsumedCapacity (table only)"
                        + " agreed on %d of %d writes; read units as dynalite reported them%n",
                capacity.webhooks(), counted.writes(), counted.refusedWrites(),
                counted.reportedWrites() - counted.writesReportedDifferently(), counted.reportedWrites());
        System.out.printf("capacity:   %.2f write units per webhook (table %.2f, indexes %.2f), %.2f read units%n",
                capacity.perWebhook(counted.writeUnits()), capacity.perWebhook(counted.tableWriteUnits()),
                capacity.perWebhook(counted.indexWriteUnits()), counted.readUnits() / capacity.webhooks());

        WebhookUsage checkpointEngine = new WebhookUsage(capacity.perWebhook(counted.writeUnits()),
                counted.readUnits() / capacity.webhooks(), measured.sqsRequests(), measured.httpApiRequests(),
                measured.lambdaRequests(), measured.lambdaGbSeconds(), 0, 0, 0);
        double processorInvocationsPerWebhook = measured.lambdaRequests() - measured.httpApiRequests();
        WebhookUsage durableEngine = checkpointEngine.onDurableEngine(
                DurableEngineUsage.operationsPerWebhook(processorInvocationsPerWebhook),
                DurableEngineUsage.bytesWrittenPerWebhook(messageBytes, ItemSize.of(completedRecord),
                        stepResultBytes(completedRecord)),
                durableRetentionDays());
        CostModel costs = new CostModel(AwsPrices.bundled());
        CostBreakdown checkpointCost = costs.perMillionWebhooks(checkpointEngine);
        CostBreakdown durableCost = costs.perMillionWebhooks(durableEngine);
        System.out.printf("cost:       $%.2f per million webhooks (checkpoint engine), $%.2f (durable engine)%n",
                checkpointCost.total(), durableCost.total());
        if (costBreakdown) {
            System.out.println("lambda:     " + lambdaTimings);
            System.out.println("usage:      checkpoint " + checkpointEngine);
            System.out.println("usage:      durable    " + durableEngine);
            System.out.println("breakdown:  checkpoint " + checkpointCost);
            System.out.println("breakdown:  durable    " + durableCost);
        }
    }

    /**
     * Ingest's rate with nothing processing on the same engines, as the raw ingest baseline runs: the
     * mapping is disabled while the webhooks are posted, then enabled again to drain them.
     */
    private static double ingestAlone(LocalRuntime runtime, int webhooks, int concurrency, int bodyBytes)
            throws Exception {
        long processedBefore = processed(runtime);
        runtime.pollers().forEach(SqsEventSourcePoller::disable);
        long started = System.nanoTime();
        int refused = post(runtime, webhooks, concurrency, bodyBytes, new long[webhooks], "alone");
        double seconds = (System.nanoTime() - started) / 1e9;
        runtime.pollers().forEach(SqsEventSourcePoller::enable);
        awaitProcessed(runtime, processedBefore + webhooks - refused, Duration.ofMinutes(10));
        return (webhooks - refused) / seconds;
    }

    /** Raw ingest then raw end to end, on the runtime's own engines, with clients of their own. */
    private static Throughput raw(LocalRuntime runtime, Map<String, AttributeValue> completedRecord, int messageBytes,
            int webhooks, int concurrency) throws Exception {
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder()
                        .endpointOverride(URI.create(runtime.dynamoDbEndpoint()))
                        .region(DynaliteServer.REGION).credentialsProvider(DynaliteServer.CREDENTIALS)
                        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(2 * concurrency + 8)).build();
                SqsClient sqs = SqsClient.builder()
                        .endpointOverride(URI.create(runtime.sqsEndpoint()))
                        .region(DynaliteServer.REGION).credentialsProvider(DynaliteServer.CREDENTIALS)
                        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(2 * concurrency + 8)).build()) {
            RawPipeline pipeline = RawPipeline.create(dynamoDb, sqs,
                    runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE), completedRecord, messageBytes);
            pipeline.ingest(Math.min(500, webhooks), concurrency, "raw-warmup-ingest");
            double ingest = pipeline.ingest(webhooks, concurrency, "raw-ingest");
            pipeline.endToEnd(Math.min(500, webhooks), concurrency, "raw-warmup-e2e");
            double endToEnd = pipeline.endToEnd(webhooks, concurrency, "raw-e2e");
            return new Throughput(ingest, endToEnd);
        }
    }

    /** A short run on a runtime of its own with the capacity meter on, which doubles every write's round trips. */
    private static Capacity capacity(String parallelism, int webhooks, int concurrency, int bodyBytes) throws Exception {
        try (LocalRuntime metered = LocalRuntime.start(LocalOptions.onFreePorts()
                .withParameters(Map.of("BatchParallelism", parallelism))
                .withScheduleInterval(NO_SCHEDULE_WHILE_METERING)
                .withCapacityMetering(true))) {
            // Registers the source first: ingest writes its marker once per function instance, not per webhook.
            warmUp(metered, 1, 1, bodyBytes);
            MeteredCapacity before = metered.dynamoDbCapacity().orElseThrow();
            long processedBefore = processed(metered);
            int refused = post(metered, webhooks, concurrency, bodyBytes, new long[webhooks], "capacity");
            awaitProcessed(metered, processedBefore + webhooks - refused, Duration.ofMinutes(5));
            return new Capacity(metered.dynamoDbCapacity().orElseThrow().since(before), webhooks - refused);
        }
    }

    private static Invocations since(Map<String, Invocations> after, Map<String, Invocations> before, String function) {
        return after.getOrDefault(function, Invocations.NONE).since(before.getOrDefault(function, Invocations.NONE));
    }

    /** One record the processor completed, as stored, for the sizes the raw baseline and the durable estimate take. */
    private static Map<String, AttributeValue> completedRecord(LocalRuntime runtime) {
        String table = runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE);
        return runtime.clients().dynamoDb().scan(scan -> scan.tableName(table)
                        .filterExpression("#status = :completed")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":completed",
                                AttributeValue.fromS(ExecutionStatus.COMPLETED.name()))))
                .items().get(0);
    }

    /** The steps' results, as the durable service would store them: the checkpoints the record kept and its result. */
    private static long stepResultBytes(Map<String, AttributeValue> record) {
        return record.get("checkpoints").l().stream().mapToLong(ItemSize::ofValue).sum()
                + ItemSize.ofValue(record.get("result"));
    }

    private static int durableRetentionDays() {
        return SamTemplate.bundled().withParameters(Map.of(LocalRuntime.PROCESSOR_ENGINE, "durable")).functions()
                .stream()
                .filter(function -> function.logicalId().equals(DURABLE_PROCESSOR_FUNCTION))
                .map(FunctionSpec::durableConfig)
                .mapToInt(DurableConfigSpec::retentionPeriodInDays)
                .findFirst()
                .orElseThrow();
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
