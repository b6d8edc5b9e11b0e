package dev.hookline.loadtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.json.Json;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.loadtests.coldstart.ColdStartRunner;
import dev.hookline.local.DemoSource;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import dev.hookline.local.poller.SqsEventSourcePoller;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Cold starts of each function from its shaded jar: for every function, {@code --runs} times (5 by default),
 * a fresh JVM whose classpath is the function's jar and {@link ColdStartRunner} constructs the handler named in
 * {@code template.yaml} and invokes it once with a sample event, against dynalite and ElasticMQ started here,
 * with the environment variables the function gets on Lambda (the local resources' names, the standard
 * {@code AWS_ENDPOINT_URL_DYNAMODB} and {@code AWS_ENDPOINT_URL_SQS} pointing at the stand-ins). Prints each run,
 * then one line per function: the jar's size, and the median and range of init (process start to handler
 * constructed, as Lambda's Init Duration counts JVM start-up), first invocation (the handler's
 * {@code handleRequest}) and the child's whole wall time, with the invocation's answer.
 *
 * <p>The samples come from {@code events/samples/}, made fresh for every run so each run takes the same path:
 * the webhook gets a new delivery id (its signature covers the body only), the queue's batch new executions
 * recorded as ingest would have, the status request a new execution's token. {@code --jars-from DIR} takes the
 * jars from another checkout (its {@code <module>/target/}) or a folder holding them, so the same runner
 * measures another commit's jars.
 *
 * <pre>mvn -q -DskipTests install &amp;&amp; mvn -q -pl load-tests exec:java \
 *     -Dexec.mainClass=dev.hookline.loadtests.ColdStartBenchmark -Dexec.args="--runs 5"</pre>
 */
public final class ColdStartBenchmark {

    /**
     * Serial GC and class data sharing, as Lambda's Java runtimes start the JVM, and a heap of 85% of the
     * template's 1024 MB. C1 only comes from the template's JAVA_TOOL_OPTIONS, among the function's variables.
     */
    private static final List<String> LAMBDA_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xshare:auto", "-Xmx870m");
    private static final String MEMORY_MB = "1024";
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);
    /** Long enough that the in-process reconciler never runs while a child is measured. */
    private static final Duration NO_SCHEDULE = Duration.ofHours(1);
    private static final double MIB = 1024 * 1024;

    private enum Sample { WEBHOOK, QUEUE_BATCH, SCHEDULE, STATUS, LISTING }

    private record Function(String logicalId, String module, String handlerClass, Sample sample) {
        String jarName() {
            return "hookline-" + module + ".jar";
        }
    }

    private static final List<Function> FUNCTIONS = List.of(
            new Function("IngestFunction", "ingest", "dev.hookline.ingest.IngestHandler", Sample.WEBHOOK),
            new Function("ProcessorFunction", "durable-processor", "dev.hookline.processor.ProcessorHandler",
                    Sample.QUEUE_BATCH),
            new Function("ReconcilerFunction", "durable-processor",
                    "dev.hookline.processor.reconcile.ReconcilerHandler", Sample.SCHEDULE),
            new Function("StatusFunction", "status", "dev.hookline.status.StatusHandler", Sample.STATUS),
            new Function("ExecutionsFunction", "status", "dev.hookline.status.ExecutionsHandler", Sample.LISTING));

    private record Run(long initMicros, long invokeMicros, long totalMicros, String outcome, boolean answered) {
    }

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        Path jarsFrom = Path.of(options.getOrDefault("jars-from", ".")).toAbsolutePath().normalize();
        Map<Function, Path> jars = new LinkedHashMap<>();
        for (Function function : FUNCTIONS) {
            jars.put(function, jar(jarsFrom, function));
        }
        Path runnerClasspath = runnerClasspath();
        Path events = Files.createTempDirectory("hookline-coldstart-events");
        SecureRandom random = new SecureRandom();

        Map<Function, List<Run>> measured = new LinkedHashMap<>();
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts().withScheduleInterval(NO_SCHEDULE))) {
            // Nothing consumes here what a child enqueues: its timings share the machine with no other work.
            runtime.pollers().forEach(SqsEventSourcePoller::close);
            ExecutionStore store = new ExecutionStore(runtime.clients().dynamoDb(),
                    runtime.resources().tableName(LocalRuntime.EXECUTIONS_TABLE));
            System.out.printf("cold start: %d fresh JVMs per function, jars from %s; java %s %s%n", runs, jarsFrom,
                    System.getProperty("java.version"), String.join(" ", LAMBDA_JVM_OPTIONS));
            for (int round = 1; round <= runs; round++) {
                for (Function function : FUNCTIONS) {
                    Path event = events.resolve(function.logicalId() + "-" + round + ".json");
                    Files.writeString(event, Json.mapper().writeValueAsString(sample(function.sample(), store, random)));
                    Run run = measure(function, jars.get(function), runnerClasspath, event, environment(function,
                            runtime));
                    measured.computeIfAbsent(function, ignored -> new ArrayList<>()).add(run);
                    System.out.printf("run %d/%d %-19s init %5.0f ms, first invoke %5.0f ms, total %5.0f ms: %s%n",
                            round, runs, function.logicalId(), run.initMicros() / 1e3, run.invokeMicros() / 1e3,
                            run.totalMicros() / 1e3, run.outcome());
                }
            }
        }

        System.out.printf("%n%-19s %-32s %9s  %-22s %-22s %-22s %s%n", "function", "jar", "MiB",
                "init ms median (range)", "1st invoke ms", "total ms", "answers");
        for (Map.Entry<Function, List<Run>> entry : measured.entrySet()) {
            Function function = entry.getKey();
            List<Run> all = entry.getValue();
            System.out.printf("%-19s %-32s %9.2f  %-22s %-22s %-22s %s%n", function.logicalId(), function.jarName(),
                    Files.size(jars.get(function)) / MIB, summary(all, Run::initMicros),
                    summary(all, Run::invokeMicros), summary(all, Run::totalMicros), answers(all));
        }
    }

    private static Path jar(Path jarsFrom, Function function) {
        for (Path candidate : List.of(jarsFrom.resolve(function.module()).resolve("target").resolve(function.jarName()),
                jarsFrom.resolve(function.jarName()))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no " + function.jarName() + " under " + jarsFrom + " (" + function.module()
                + "/target/ or the folder itself): build the function jars first, mvn -DskipTests package");
    }

    /** A folder holding only the runner's class, so a child's classpath is the function's jar and nothing else of ours. */
    private static Path runnerClasspath() throws IOException {
        String name = ColdStartRunner.class.getName().replace('.', '/') + ".class";
        Path folder = Files.createTempDirectory("hookline-coldstart-runner");
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream bytes = ColdStartRunner.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(bytes, file);
        }
        return folder;
    }

    /** What Lambda would set, and the function's own variables as the local runtime resolves them. */
    private static Map<String, String> environment(Function function, LocalRuntime runtime) {
        Map<String, String> variables = new HashMap<>(runtime.variables(function.logicalId()));
        variables.put("AWS_REGION", "us-east-1");
        variables.put("AWS_DEFAULT_REGION", "us-east-1");
        variables.put("AWS_ACCESS_KEY_ID", "local");
        variables.put("AWS_SECRET_ACCESS_KEY", "local");
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", runtime.dynamoDbEndpoint());
        variables.put("AWS_ENDPOINT_URL_SQS", runtime.sqsEndpoint());
        variables.put("AWS_EC2_METADATA_DISABLED", "true");
        variables.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        variables.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", MEMORY_MB);
        return variables;
    }

    private static Run measure(Function function, Path jar, Path runnerClasspath, Path event,
            Map<String, String> variables) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_JVM_OPTIONS);
        command.add("-cp");
        command.add(jar + File.pathSeparator + runnerClasspath);
        command.add(ColdStartRunner.class.getName());
        command.add(function.handlerClass());
        command.add(event.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(variables);

        long spawnedAt = epochMicros();
        long started = System.nanoTime();
        Process child = builder.start();
        String result = null;
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith(ColdStartRunner.PREFIX)) {
                    result = line.substring(ColdStartRunner.PREFIX.length());
                }
                tail.addLast(line);
                if (tail.size() > 20) {
                    tail.removeFirst();
                }
            }
        }
        if (!child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
        long totalMicros = (System.nanoTime() - started) / 1_000;
        if (result == null) {
            return new Run(0, 0, totalMicros, "FAILED, exit " + child.exitValue() + ":\n    "
                    + String.join("\n    ", tail), false);
        }
        String[] fields = result.split(" ", 4);
        return new Run(Long.parseLong(fields[0]) - spawnedAt, Long.parseLong(fields[2]), totalMicros,
                outcome(fields[3]), true);
    }

    /** The answer in a few words: an HTTP status and error code, a batch's failures, or the answer itself. */
    private static String outcome(String answerJson) throws IOException {
        JsonNode answer = Json.mapper().readTree(answerJson);
        if (answer.has("statusCode")) {
            String code = "";
            if (answer.path("statusCode").asInt() >= 400 && answer.hasNonNull("body")) {
                code = " " + Json.mapper().readTree(answer.get("body").asText()).path("error").asText();
            }
            return "HTTP " + answer.get("statusCode").asInt() + code;
        }
        if (answer.has("batchItemFailures")) {
            return answer.get("batchItemFailures").size() + " batch item failures";
        }
        String text = answer.toString();
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    private static JsonNode sample(Sample sample, ExecutionStore store, SecureRandom random) throws IOException {
        return switch (sample) {
            case WEBHOOK -> {
                ObjectNode webhook = read("apigw-webhook.json");
                ((ObjectNode) webhook.get("headers")).put("x-github-delivery", UUID.randomUUID().toString());
                yield webhook;
            }
            case QUEUE_BATCH -> {
                ObjectNode batch = read("sqs-batch.json");
                for (JsonNode message : (ArrayNode) batch.get("Records")) {
                    Envelope envelope = accepted(WebhookQueue.parse(message.get("body").asText()), store, random);
                    ((ObjectNode) message).put("messageId", UUID.randomUUID().toString());
                    ((ObjectNode) message).put("body", WebhookQueue.encode(envelope));
                }
                yield batch;
            }
            case SCHEDULE -> Json.mapper().readTree("""
                    {"version": "0", "id": "%s", "detail-type": "Scheduled Event", "source": "aws.events",
                     "account": "123456789012", "time": "%s", "region": "us-east-1", "resources": [], "detail": {}}
                    """.formatted(UUID.randomUUID(), Instant.now()));
            case STATUS -> {
                ObjectNode request = read("apigw-status.json");
                Envelope envelope = accepted(new Envelope(null, null, DemoSource.NAME, "order", Instant.now(),
                        "application/json", "{}"), store, random);
                point(request, "GET /status/{token}", "/status/" + envelope.executionToken());
                request.putObject("pathParameters").put("token", envelope.executionToken());
                yield request;
            }
            case LISTING -> {
                ObjectNode request = read("apigw-status.json");
                point(request, "GET /executions", "/executions");
                request.remove("pathParameters");
                request.put("rawQueryString", "limit=20");
                request.putObject("queryStringParameters").put("limit", "20");
                yield request;
            }
        };
    }

    /** The envelope as a new webhook of the same source and content, recorded STARTED as ingest records it. */
    private static Envelope accepted(Envelope like, ExecutionStore store, SecureRandom random) {
        String idempotencyKey = like.source() + ":" + UUID.randomUUID();
        ExecutionToken token = ExecutionToken.issue(idempotencyKey, random);
        Instant now = Instant.now();
        store.create(ExecutionRecord.started(token, idempotencyKey, like.source(), like.eventType(), now, null,
                now.plus(Duration.ofDays(1)), "0".repeat(64), null));
        return new Envelope(token.value(), idempotencyKey, like.source(), like.eventType(), now, like.contentType(),
                like.body());
    }

    private static void point(ObjectNode request, String routeKey, String path) {
        request.put("routeKey", routeKey);
        request.put("rawPath", path);
        ObjectNode context = (ObjectNode) request.get("requestContext");
        context.put("routeKey", routeKey);
        ((ObjectNode) context.get("http")).put("path", path);
    }

    private static ObjectNode read(String sample) throws IOException {
        Path own = Path.of("events", "samples");
        Path folder = Files.isDirectory(own) ? own : Path.of("..", "events", "samples");
        return (ObjectNode) Json.mapper().readTree(Files.readString(folder.resolve(sample)));
    }

    private static String summary(List<Run> runs, ToLongFunction<Run> field) {
        long[] values = runs.stream().filter(Run::answered).mapToLong(field).sorted().toArray();
        if (values.length == 0) {
            return "-";
        }
        double median = values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2.0;
        return String.format("%.0f (%.0f-%.0f)", median / 1e3, values[0] / 1e3, values[values.length - 1] / 1e3);
    }

    private static String answers(List<Run> runs) {
        Map<String, Integer> counted = new LinkedHashMap<>();
        runs.forEach(run -> counted.merge(run.answered() ? run.outcome() : "FAILED", 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counted.forEach((outcome, count) -> parts.add(count + "x " + outcome));
        return String.join(", ", parts);
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
