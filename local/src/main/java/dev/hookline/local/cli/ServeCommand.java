package dev.hookline.local.cli;

import dev.hookline.ingest.source.SourceConfigurationException;
import dev.hookline.dynalite.DynaliteException;
import dev.hookline.local.DataDirectory;
import dev.hookline.local.DemoSource;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import dev.hookline.local.ProgressLine;
import dev.hookline.local.console.ConsoleData;
import dev.hookline.local.console.ConsoleServer;
import dev.hookline.local.template.TemplateException;
import dev.hookline.validator.rules.RulesConfigurationException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hookline serve}: the whole system on this machine, on dynalite and ElasticMQ. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run Hookline locally: dynalite (DynamoDB), ElasticMQ (SQS), the HTTP gateway and the queue "
                + "poller, keeping every record and message in a data directory across restarts.")
public final class ServeCommand implements Callable<Integer> {

    /** The AWS CLI needs a region and some credentials; the local endpoints accept any. */
    private static final String AWS_CLI =
            "AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --region us-east-1 --endpoint-url ";

    @Option(names = "--port", defaultValue = "" + LocalOptions.DEFAULT_GATEWAY_PORT,
            description = "HTTP gateway port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--console-port", defaultValue = "" + ConsoleCommand.DEFAULT_PORT,
            description = "Operator console port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    private int consolePort;

    @Option(names = "--dynamodb-port", defaultValue = "" + LocalOptions.DEFAULT_DYNAMODB_PORT,
            description = "dynalite (DynamoDB) endpoint port (0 = any free port). Default: ${DEFAULT-VALUE}.")
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

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".hookline",
            description = "Where tables and queues persist across restarts. Default: ${DEFAULT-VALUE} "
                    + "under the working directory.")
    private Path dataDirectory;

    @Option(names = "--in-memory",
            description = "Keep nothing: every record and message is gone when serve stops.")
    private boolean inMemory;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "How the log (on stderr) is written: json (one JSON object a line, as on Lambda) or text. "
                    + "Default: text on a terminal, json otherwise.")
    private LogFormat logFormat;

    @Option(names = "--parameter", paramLabel = "NAME=VALUE",
            description = "Override a template parameter, as sam deploy --parameter-overrides does; repeatable.")
    private Map<String, String> templateParameters = new LinkedHashMap<>();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        boolean terminal = System.console() != null;
        // Before anything logs: Log4j chooses its layout once, when it starts.
        LogFormat.of(logFormat, terminal).apply();
        for (Path file : new Path[] {sources, rules}) {
            if (file != null && !Files.isReadable(file)) {
                err().println("hookline: cannot read " + file);
                return ExitCodes.USAGE;
            }
        }
        if (inMemory && spec.commandLine().getParseResult().hasMatchedOption("--data-dir")) {
            err().println("hookline: --in-memory keeps no data directory; pass --data-dir or --in-memory, not both");
            return ExitCodes.USAGE;
        }
        for (Map.Entry<String, Integer> flag : List.of(Map.entry("--port", port),
                Map.entry("--dynamodb-port", dynamoDbPort), Map.entry("--sqs-port", sqsPort),
                Map.entry("--console-port", consolePort))) {
            if (!Ports.isFree(host, flag.getValue())) {
                err().println("hookline: " + flag.getKey() + " " + flag.getValue() + " is in use; pass another or 0");
                return ExitCodes.FAILURE;
            }
        }
        LocalOptions options = LocalOptions.defaults()
                .withHost(host)
                .withPorts(port, dynamoDbPort, sqsPort)
                .withSourcesFile(sources)
                .withDataDirectory(inMemory ? null : dataDirectory);
        Set<String> declared = options.template().parameters().keySet();
        for (String name : templateParameters.keySet()) {
            if (!declared.contains(name)) {
                err().println("hookline: the template declares no parameter " + name + "; it declares "
                        + String.join(", ", declared));
                return ExitCodes.USAGE;
            }
        }
        Map<String, String> parameters = new HashMap<>(templateParameters);
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
            err().println("hookline: " + badConfiguration.getMessage());
            return ExitCodes.USAGE;
        } catch (DataDirectory.DataDirectoryInUseException | DynaliteException engineProblem) {
            err().println("hookline: " + engineProblem.getMessage());
            return ExitCodes.FAILURE;
        } catch (RuntimeException cannotStart) {
            Throwable root = cannotStart;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            err().println("hookline: cannot start: " + cannotStart.getMessage()
                    + (root == cannotStart ? "" : " (" + root.getMessage() + ")")
                    + "; is another hookline running? choose other ports with --port, --dynamodb-port, --sqs-port");
            return ExitCodes.FAILURE;
        }
        ConsoleServer console;
        try {
            console = ConsoleServer.start(host, consolePort, ConsoleData.of(runtime));
        } catch (RuntimeException cannotListen) {
            runtime.close();
            err().println("hookline: cannot start the console on --console-port " + consolePort + ": "
                    + cannotListen.getMessage() + "; pass another or 0");
            return ExitCodes.FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ProgressLine progress = new ProgressLine(runtime, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            progress.close();
            if (terminal) {
                out().println();
            }
            out().println("hookline: stopping");
            console.close();
            runtime.close();
            stopped.countDown();
        }, "hookline-shutdown"));
        printBanner(runtime, console);
        if (terminal) {
            progress.start();
        }
        stopped.await();
        return ExitCodes.OK;
    }

    private void printBanner(LocalRuntime runtime, ConsoleServer console) {
        out().println("hookline: ready in " + runtime.readyIn().toMillis() + " ms");
        out().println("  gateway   " + runtime.gatewayUrl());
        out().println(runtime.gateway().describeRoutes());
        out().println("  console   " + console.url() + "  the operator console: overview, executions, dead-letter"
                + " queue (also `hookline console`)");
        runtime.schedules().forEach(schedule -> out().println(schedule.describe()));
        out().println("  dynamodb  " + runtime.dynamoDbEndpoint() + "  dynalite; try: " + AWS_CLI
                + runtime.dynamoDbEndpoint() + " dynamodb list-tables");
        out().println("  sqs       " + runtime.sqsEndpoint() + "  ElasticMQ; try: " + AWS_CLI
                + runtime.sqsEndpoint() + " sqs list-queues");
        out().println(runtime.dataDirectory()
                .map(folder -> "  data      " + folder + ": found " + runtime.executionsFound() + " executions, "
                        + runtime.messagesFound() + " queued messages")
                .orElse("  data      in memory: nothing is kept when serve stops"));
        if (sources == null) {
            out().println("  sources   built-in '" + DemoSource.NAME + "': X-Hub-Signature-256: sha256=<hex>"
                    + " over the raw body with the secret '" + DemoSource.SECRET + "' (override with --sources)");
        } else {
            out().println("  sources   " + sources);
        }
        out().println("Press Ctrl-C to stop.");
        out().flush();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
