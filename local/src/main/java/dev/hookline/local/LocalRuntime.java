package dev.hookline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.events.config.AwsClients;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.ingest.source.SourcesLocation;
import dev.hookline.local.embedded.EmbeddedDynamoDb;
import dev.hookline.local.embedded.EmbeddedSqs;
import dev.hookline.local.gateway.HttpGateway;
import dev.hookline.local.poller.SqsEventSourcePoller;
import dev.hookline.local.template.FunctionSpec;
import dev.hookline.local.template.HttpRoute;
import dev.hookline.local.template.SamTemplate;
import dev.hookline.local.template.SqsTrigger;
import dev.hookline.local.template.TemplateException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Hookline on one machine: DynamoDB Local and ElasticMQ, the template's tables and queues, the HTTP
 * gateway in front of the template's HTTP functions, and an event source mapping poller for each
 * SQS trigger. Every function is the same handler class Lambda runs, built from the template's
 * environment variables resolved against the local resources.
 */
public final class LocalRuntime implements AutoCloseable {

    private final EmbeddedDynamoDb dynamoDb;
    private final EmbeddedSqs sqs;
    private final LocalResources resources;
    private final HttpGateway gateway;
    private final List<SqsEventSourcePoller> pollers;
    private final List<Object> handlers;
    private final Path sourcesFile;
    private final Duration readyIn;
    private final String host;
    private final AwsClients clients;

    private LocalRuntime(EmbeddedDynamoDb dynamoDb, EmbeddedSqs sqs, LocalResources resources, HttpGateway gateway,
            List<SqsEventSourcePoller> pollers, List<Object> handlers, Path sourcesFile, Duration readyIn,
            String host) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.resources = resources;
        this.gateway = gateway;
        this.pollers = pollers;
        this.handlers = handlers;
        this.sourcesFile = sourcesFile;
        this.readyIn = readyIn;
        this.host = host;
        this.clients = AwsClients.of(dynamoDb.client(), sqs.client());
    }

    public static LocalRuntime start(LocalOptions options) {
        long started = System.nanoTime();
        CompletableFuture<EmbeddedDynamoDb> dynamoDbStarting =
                CompletableFuture.supplyAsync(() -> EmbeddedDynamoDb.start(options.host(), options.dynamoDbPort()));
        EmbeddedSqs sqs = EmbeddedSqs.start(options.host(), options.sqsPort());
        EmbeddedDynamoDb dynamoDb = dynamoDbStarting.join();
        try {
            return assemble(options, dynamoDb, sqs, started);
        } catch (RuntimeException cannotStart) {
            // The stand-ins run non-daemon threads: left running, they would keep the JVM alive.
            sqs.close();
            dynamoDb.close();
            throw cannotStart;
        }
    }

    private static LocalRuntime assemble(
            LocalOptions options, EmbeddedDynamoDb dynamoDb, EmbeddedSqs sqs, long started) {
        SamTemplate template = options.template().withParameters(options.parameters());
        LocalResources resources = LocalResources.create(template, dynamoDb.client(), sqs.client());
        Path sourcesFile = options.sourcesFile() != null ? options.sourcesFile() : DemoSource.writeSourcesFile();
        AwsClients clients = AwsClients.of(dynamoDb.client(), sqs.client());

        List<HttpGateway.Binding> routes = new ArrayList<>();
        List<SqsEventSourcePoller> pollers = new ArrayList<>();
        List<Object> handlers = new ArrayList<>();
        for (FunctionSpec function : template.functions()) {
            if (function.routes().isEmpty() && function.sqsTriggers().isEmpty()) {
                continue;
            }
            Object handler = instantiate(function, environment(function, resources, sourcesFile, clients));
            handlers.add(handler);
            for (HttpRoute route : function.routes()) {
                routes.add(new HttpGateway.Binding(route, function.logicalId(), function.timeoutSeconds(),
                        httpHandler(handler)));
            }
            for (SqsTrigger trigger : function.sqsTriggers()) {
                pollers.add(new SqsEventSourcePoller(sqs.client(), resources.queueUrl(trigger.queueLogicalId()),
                        resources.queueArn(trigger.queueLogicalId()), trigger, function.logicalId(),
                        function.timeoutSeconds(), sqsHandler(handler), options.pollWaitSeconds()));
            }
        }
        HttpGateway gateway =
                new HttpGateway(options.host(), options.gatewayPort(), options.gatewayWorkerThreads(), routes,
                        template.cors()).start();
        pollers.forEach(SqsEventSourcePoller::start);
        return new LocalRuntime(dynamoDb, sqs, resources, gateway, pollers, handlers, sourcesFile,
                Duration.ofNanos(System.nanoTime() - started), options.host());
    }

    public String gatewayUrl() {
        return "http://" + hostForUrls() + ":" + gateway.port();
    }

    public String dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    /** DynamoDB writes the functions have made since the runtime started. */
    public long dynamoDbWrites() {
        return dynamoDb.writes();
    }

    public String sqsEndpoint() {
        return sqs.endpoint();
    }

    public LocalResources resources() {
        return resources;
    }

    public AwsClients clients() {
        return clients;
    }

    public HttpGateway gateway() {
        return gateway;
    }

    public List<SqsEventSourcePoller> pollers() {
        return pollers;
    }

    public Path sourcesFile() {
        return sourcesFile;
    }

    public Duration readyIn() {
        return readyIn;
    }

    @Override
    public void close() {
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
        sqs.close();
        dynamoDb.close();
    }

    private String hostForUrls() {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    private static FunctionEnvironment environment(
            FunctionSpec function, LocalResources resources, Path sourcesFile, AwsClients clients) {
        Map<String, String> variables = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> variables.put(name, SamTemplate.resolve(value, resources)));
        variables.put(SourcesLocation.SOURCES_FILE, sourcesFile.toString());
        return new FunctionEnvironment(variables, clients);
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
    private static RequestHandler<SQSEvent, SQSBatchResponse> sqsHandler(Object handler) {
        return (RequestHandler<SQSEvent, SQSBatchResponse>) handler;
    }
}
