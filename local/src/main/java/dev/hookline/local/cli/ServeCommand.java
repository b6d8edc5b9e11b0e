package dev.hookline.local.cli;

import dev.hookline.ingest.source.SourceConfigurationException;
import dev.hookline.local.DemoSource;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import dev.hookline.local.ProgressLine;
import dev.hookline.local.template.TemplateException;
import dev.hookline.validator.rules.RulesConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hookline serve}: the whole system on this machine, on embedded DynamoDB Local and ElasticMQ. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run Hookline locally: DynamoDB Local, ElasticMQ, the HTTP gateway and the queue poller.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "" + LocalOptions.DEFAULT_GATEWAY_PORT,
            description = "HTTP gateway port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--dynamodb-port", defaultValue = "" + LocalOptions.DEFAULT_DYNAMODB_PORT,
            description = "DynamoDB Local endpoint port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    private int dynamoDbPort;

    @Option(names = "--sqs-port", defaultValue = "" + LocalOptions.DEFAULT_SQS_PORT,
            description = "ElasticMQ (SQS) endpoint port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    private int sqsPort;

    @Option(names = "--sources", paramLabel = "FILE",
            description = "Sources file (YAML or JSON). Default: the built-in 'demo' source.")
    private Path sources;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Validation rules file (YAML or JSON, JSON Schema per event type). Default: the seed rules.")
    private Path rules;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Let browsers on this origin (scheme://host[:port]) call the API; repeatable. Default: no CORS.")
    private List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Interface every endpoint listens on. Default: ${DEFAULT-VALUE}.")
    private String host;

    @Override
    public Integer call() throws InterruptedException {
        for (Path file : new Path[] {sources, rules}) {
            if (file != null && !Files.isReadable(file)) {
                System.err.println("hookline: cannot read " + file);
                return 2;
            }
        }
        LocalOptions options = LocalOptions.defaults()
                .withHost(host)
                .withPorts(port, dynamoDbPort, sqsPort)
                .withSourcesFile(sources);
        Map<String, String> parameters = new HashMap<>();
        if (rules != null) {
            parameters.put("RulesFile", rules.toAbsolutePath().toString());
        }
        if (!corsOrigins.isEmpty()) {
            parameters.put("CorsAllowedOrigins", String.join(",", corsOrigins));
        }
        options = options.withParameters(parameters);
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(options);
        } catch (SourceConfigurationException | RulesConfigurationException | TemplateException badConfiguration) {
            System.err.println("hookline: " + badConfiguration.getMessage());
            return 2;
        } catch (RuntimeException cannotStart) {
            Throwable root = cannotStart;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.err.println("hookline: cannot start: " + cannotStart.getMessage()
                    + (root == cannotStart ? "" : " (" + root.getMessage() + ")")
                    + "; is another hookline running? choose other ports with --port, --dynamodb-port, --sqs-port");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ProgressLine progress = new ProgressLine(runtime, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            progress.close();
            System.out.println();
            System.out.println("hookline: stopping");
            runtime.close();
            stopped.countDown();
        }, "hookline-shutdown"));
        printBanner(runtime);
        progress.start();
        stopped.await();
        return 0;
    }

    private void printBanner(LocalRuntime runtime) {
        System.out.println("hookline: ready in " + runtime.readyIn().toMillis() + " ms");
        System.out.println("  gateway   " + runtime.gatewayUrl());
        System.out.println(runtime.gateway().describeRoutes());
        System.out.println("  dynamodb  " + runtime.dynamoDbEndpoint() + "  (aws --endpoint-url "
                + runtime.dynamoDbEndpoint() + " dynamodb list-tables)");
        System.out.println("  sqs       " + runtime.sqsEndpoint() + "  (aws --endpoint-url "
                + runtime.sqsEndpoint() + " sqs list-queues)");
        if (sources == null) {
            System.out.println("  sources   built-in '" + DemoSource.NAME + "': X-Hub-Signature-256: sha256=<hex>"
                    + " over the raw body with the secret '" + DemoSource.SECRET + "' (override with --sources)");
        } else {
            System.out.println("  sources   " + sources);
        }
        System.out.println("Press Ctrl-C to stop.");
    }
}
