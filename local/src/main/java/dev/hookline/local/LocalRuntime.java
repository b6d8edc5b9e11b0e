package dev.hookline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.events.config.AwsClients;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.queue.SqsRequests;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.capacity.MeteredCapacity;
import dev.hookline.events.telemetry.LogTelemetry;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.ingest.source.SourcesLocation;
import dev.hookline.local.embedded.FreePort;
import dev.hookline.local.embedded.LocalEngines;
import dev.hookline.local.gateway.HttpGateway;
import dev.hookline.local.metrics.PrometheusTelemetry;
import dev.hookline.local.poller.SqsEventSourcePoller;
import dev.hookline.local.schedule.ScheduledInvoker;
import dev.hookline.local.template.FunctionSpec;
import dev.hookline.local.template.HttpRoute;
import dev.hookline.local.template.SamTemplate;
import dev.hookline.local.template.ScheduleTrigger;
import dev.hookline.local.template.SqsTrigger;
import dev.hookline.local.template.TemplateException;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hookline on one machine: dynalite (a supervised child process) and ElasticMQ, the template's
 * tables and queues, the HTTP gateway in front of the template's HTTP functions, an event source
 * mapping poller for each SQS trigger, and a stand-in for DynamoDB's TTL. Every function is the
 * same handler class Lambda runs, built from the template's environment variables resolved against
 * the local resources. With a data directory, tables and queues persist across restarts. Every
 * function logs its lifecycle events and counts them in the runtime's own Prometheus registry,
 * which the gateway serves at {@value HttpGateway#METRICS_PATH}.
 */
public final class LocalRuntime implements AutoCloseable {

    /** The template's logical id of the executions table. */
    public static final String EXECUTIONS_TABLE = "ExecutionsTable";

    /** The template parameter that chooses the processor's engine: {@code checkpoint} or {@code durable}. */
    public static final String PROCESSOR_ENGINE = "ProcessorEngine";

    private final LocalEngines engines;
    private final LocalResources resources;
    private final HttpGateway gateway;
    private final List<SqsEventSourcePoller> pollers;
    private final List<ScheduledInvoker> schedules;
    private final List<Object> handlers;
    private final Map<String, Map<String, String>> variables;
    private final ExpiredRecordSweeper sweeper;
    private final InvocationMeter invocations;
    private final PrometheusTelemetry metrics;
    private final Path sourcesFile;
    private final Duration readyIn;
    private final String host;
    private final long executionsFound;

    private LocalRuntime(LocalEngines engines, LocalResources resources, HttpGateway gateway,
            List<SqsEventSourcePoller> pollers, List<ScheduledInvoker> schedules, List<Object> handlers,
            Map<String, Map<String, String>> variables, ExpiredRecordSweeper sweeper, InvocationMeter invocations,
            PrometheusTelemetry metrics, Path sourcesFile, Duration readyIn, String host, long executionsFound) {
        this.engines = engines;
        this.resources = resources;
        this.gateway = gateway;
        this.pollers = pollers;
        this.schedules = schedules;
        this.handlers = handlers;
        this.variables = variables;
        this.sweeper = sweeper;
        this.invocations = invocations;
        this.metrics = metrics;
        this.sourcesFile = sourcesFile;
        this.readyIn = readyIn;
        this.host = host;
        this.executionsFound = executionsFound;
    }

    /**
     * Starts everything the template declares with these parameters.
     *
     * @throws TemplateException when the template, as deployed with these parameters, cannot run here:
     *     a Lambda durable function among its functions, for one
     */
    public static LocalRuntime start(LocalOptions options) {
        long started = System.nanoTime();
        SamTemplate template = options.template().withParameters(options.parameters());
        requireRunsLocally(template);
        LocalEngines engines = LocalEngines.start(options);
        try {
            return assemble(options, template, engines, started);
        } catch (RuntimeException cannotStart) {
            // The stand-ins run non-daemon threads and a child process: left running, they would keep the JVM alive.
            engines.close();
            throw cannotStart;
        }
    }

    /** Refuses, before anything starts, a function only AWS Lambda can run. */
    private static void requireRunsLocally(SamTemplate template) {
        for (FunctionSpec function : template.functions()) {
            if (function.isDurable()) {
                throw new TemplateException(function.logicalId() + " is a Lambda durable function"
                        + (template.parameters().containsKey(PROCESSOR_ENGINE)
                                ? " (" + PROCESSOR_ENGINE + "=" + template.parameters().get(PROCESSOR_ENGINE) + ")"
                                : "")
                        + ", which runs on AWS Lambda only; locally, use " + PROCESSOR_ENGINE
                        + "=checkpoint (the default)");
            }
        }
    }

    private static LocalRuntime assemble(LocalOptions options, SamTemplate template, LocalEngines engines,
            long started) {
        AwsClients clients = engines.clients();
        LocalResources resources = LocalResources.create(template, clients.dynamoDb(), clients.sqs());
        Path sourcesFile = options.sourcesFile() != null ? options.sourcesFile() : DemoSource.writeSourcesFile();
        ExecutionStore executions = new ExecutionStore(clients.dynamoDb(), resources.tableName(EXECUTIONS_TABLE));
        long executionsFound = executions.count();
        // Bound now, not when the gateway starts, so the functions can be told where senders reach it.
        int gatewayPort = FreePort.resolve(options.host(), options.gatewayPort());
        String gatewayUrl = "http://" + hostForUrls(options.host()) + ":" + gatewayPort;

        List<HttpGateway.Binding> routes = new ArrayList<>();
        List<SqsEventSourcePoller> pollers = new ArrayList<>();
        List<ScheduledInvoker> schedules = new ArrayList<>();
        List<Object> handlers = new ArrayList<>();
        Map<String, Map<String, String>> variables = new LinkedHashMap<>();
        InvocationMeter invocations = new InvocationMeter();
        PrometheusRegistry registry = new PrometheusRegistry();
        PrometheusTelemetry metrics = new PrometheusTelemetry(registry);
        Telemetry telemetry = Telemetry.of(new LogTelemetry(), metrics);
        // The gateway reads no more of a body than the largest its functions accept: the ingest's limit.
        int maxBodyBytes = 0;
        for (FunctionSpec function : template.functions()) {
            if (function.routes().isEmpty() && function.sqsTriggers().isEmpty() && function.schedules().isEmpty()) {
                continue;
            }
            FunctionEnvironment environment =
                    environment(function, resources, sourcesFile, gatewayUrl, clients, telemetry);
            variables.put(function.logicalId(), environment.variables());
            Object handler = instantiate(function, environment);
            handlers.add(handler);
            if (!function.routes().isEmpty()) {
                maxBodyBytes = Math.max(maxBodyBytes, environment.settings().maxBodyBytes());
            }
            for (HttpRoute route : function.routes()) {
                routes.add(new HttpGateway.Binding(route, function.logicalId(), function.timeoutSeconds(),
                        invocations.timed(function.logicalId(), httpHandler(handler))));
            }
            for (SqsTrigger trigger : function.sqsTriggers()) {
                pollers.add(new SqsEventSourcePoller(clients.sqs(), resources.queueUrl(trigger.queueLogicalId()),
                        resources.queueArn(trigger.queueLogicalId()), trigger, function.logicalId(),
                        function.timeoutSeconds(), invocations.timed(function.logicalId(), sqsHandler(handler)),
                        options.pollWaitSeconds()));
            }
            for (ScheduleTrigger trigger : function.schedules()) {
                schedules.add(new ScheduledInvoker(function.logicalId(), function.timeoutSeconds(),
                        options.scheduleInterval() != null ? options.scheduleInterval() : trigger.rate(),
                        invocations.timed(function.logicalId(), scheduledHandler(handler))));
            }
        }
        HttpGateway gateway =
                new HttpGateway(options.host(), gatewayPort, options.gatewayWorkerThreads(), routes,
                        template.cors(), routes.isEmpty() ? HooklineSettings.DEFAULT_MAX_BODY_BYTES : maxBodyBytes,
                        registry)
                        .start();
        pollers.forEach(SqsEventSourcePoller::start);
        schedules.forEach(ScheduledInvoker::start);
        ExpiredRecordSweeper sweeper = new ExpiredRecordSweeper(executions, Clock.systemUTC()).start();
        return new LocalRuntime(engines, resources, gateway, pollers, schedules, handlers, variables, sweeper,
                invocations, metrics, sourcesFile, Duration.ofNanos(System.nanoTime() - started), options.host(),
                executionsFound);
    }

    public String gatewayUrl() {
        return "http://" + hostForUrls(host) + ":" + gateway.port();
    }

    public String dynamoDbEndpoint() {
        return engines.dynamoDb().endpoint();
    }

    /** DynamoDB writes the functions have made since the runtime started. */
    public long dynamoDbWrites() {
        return engines.writes();
    }

    /**
     * DynamoDB request units the functions have consumed, table and indexes apart, when started with
     * {@link LocalOptions#withCapacityMetering capacity metering}; empty otherwise.
     */
    public Optional<MeteredCapacity> dynamoDbCapacity() {
        return engines.capacity();
    }

    /** SQS requests the functions and the event source mappings have made, as SQS bills them. */
    public SqsRequests sqsRequests() {
        return engines.sqsRequests();
    }

    /** Each function's invocations and their time in its handler, by logical id: local stand-ins for Lambda's. */
    public Map<String, Invocations> invocations() {
        return invocations.totals();
    }

    /** What the functions' lifecycle events have counted since the runtime started: the figures of GET /metrics. */
    public PrometheusTelemetry metrics() {
        return metrics;
    }

    /**
     * The environment variables the function with this logical id runs with here, resolved against the local
     * resources, as a process running its handler on its own needs them; empty for a function not started.
     */
    public Map<String, String> variables(String logicalId) {
        return variables.getOrDefault(logicalId, Map.of());
    }

    public String sqsEndpoint() {
        return engines.sqs().endpoint();
    }

    /** Where state persists, or empty when it is kept in memory. */
    public Optional<Path> dataDirectory() {
        return engines.dataDirectory().map(DataDirectory::path);
    }

    /** Execution records the table held at start-up. */
    public long executionsFound() {
        return executionsFound;
    }

    /** Messages the queues held at start-up, every queue's together. */
    public long messagesFound() {
        return engines.sqs().restoredMessages();
    }

    /** The stand-in for DynamoDB's TTL. */
    public ExpiredRecordSweeper expiredRecordSweeper() {
        return sweeper;
    }

    public LocalResources resources() {
        return resources;
    }

    public AwsClients clients() {
        return engines.clients();
    }

    public HttpGateway gateway() {
        return gateway;
    }

    public List<SqsEventSourcePoller> pollers() {
        return pollers;
    }

    /** The scheduled functions' timers. */
    public List<ScheduledInvoker> schedules() {
        return schedules;
    }

    public Path sourcesFile() {
        return sourcesFile;
    }

    public Duration readyIn() {
        return readyIn;
    }

    @Override
    public void close() {
        sweeper.close();
        schedules.forEach(ScheduledInvoker::close);
        pollers.forEach(SqsEventSourcePoller::close);
        gateway.close();
        for (Object handler : handlers) {
            if (handler instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("a handler did not close cleanly", e);
                }
            }
        }
        engines.close();
    }

    private static String hostForUrls(String host) {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    private static FunctionEnvironment environment(
            FunctionSpec function, LocalResources resources, Path sourcesFile, String gatewayUrl, AwsClients clients,
            Telemetry telemetry) {
        Map<String, String> variables = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> variables.put(name, SamTemplate.resolve(value, resources)));
        // Without PublicBaseUrl, API Gateway's own domain names the API on AWS; here, the gateway's address does.
        if (variables.getOrDefault(HooklineSettings.PUBLIC_BASE_URL, "").isBlank()) {
            variables.put(HooklineSettings.PUBLIC_BASE_URL, gatewayUrl);
        }
        // Locally the sources come from a file (--sources or the demo); the template's secret does not exist here.
        variables.remove(SourcesLocation.SOURCES_SECRET);
        variables.put(SourcesLocation.SOURCES_FILE, sourcesFile.toString());
        return new FunctionEnvironment(variables, clients, telemetry);
    }

    private static Object instantiate(FunctionSpec function, FunctionEnvironment environment) {
        try {
            return Class.forName(function.handlerClass())
                    .getConstructor(FunctionEnvironment.class)
                    .newInstance(environment);
        } catch (InvocationTargetException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(function.logicalId() + " could not start", failed.getCause());
        } catch (ReflectiveOperationException missing) {
            throw new TemplateException(function.logicalId() + ": handler " + function.handlerClass()
                    + " needs a public constructor taking a FunctionEnvironment");
        }
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpHandler(Object handler) {
        return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<Map<String, Object>, ?> scheduledHandler(Object handler) {
        return (RequestHandler<Map<String, Object>, ?>) handler;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<SQSEvent, SQSBatchResponse> sqsHandler(Object handler) {
        return (RequestHandler<SQSEvent, SQSBatchResponse>) handler;
    }
}
