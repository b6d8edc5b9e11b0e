package dev.hookline.local.cli;

import dev.hookline.local.console.ConsoleData;
import dev.hookline.local.console.ConsoleServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code hookline console}: the operator console in a browser, over the executions table and the queues. */
@Command(name = "console", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the operator console: an overview, the executions with their timelines, and the"
                + " dead-letter queue with replay, in a browser.",
            "Reads the executions table and the queues directly with your credentials, as `hookline executions`"
                    + " and `hookline dlq` do, and replays through the same code as `hookline dlq replay`."
                    + " Listens on loopback unless --host says otherwise."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE + " (after Ctrl-C).", "1:The port is in use.", ExitCodes.USAGE_LINE,
            ExitCodes.UNREACHABLE_LINE})
public final class ConsoleCommand implements Callable<Integer> {

    public static final int DEFAULT_PORT = 3001;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "" + DEFAULT_PORT,
            description = "Port the console listens on (0 = any free port). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Interface the console listens on. Default: ${DEFAULT-VALUE}, this machine only.")
    private String host;

    @Mixin
    private AwsOptions aws;

    @Override
    public Integer call() {
        return CommandFailures.run(spec, () -> {
            AwsTarget target = aws.resolve();
            String queueUrl = target.requireQueueUrl();
            String deadLetterQueueUrl = target.requireDeadLetterQueueUrl();
            if (!Ports.isFree(host, port)) {
                spec.commandLine().getErr().println("hookline: --port " + port + " is in use; pass another or 0");
                return ExitCodes.FAILURE;
            }
            try (DynamoDbClient dynamoDb = target.dynamoDb(); SqsClient sqs = target.sqs()) {
                ConsoleData data = new ConsoleData(dynamoDb, sqs, target.table(), queueUrl, deadLetterQueueUrl);
                data.probe();
                ConsoleServer console = ConsoleServer.start(host, port, data);
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    console.close();
                    stopped.countDown();
                }, "hookline-console-shutdown"));
                spec.commandLine().getOut().println("hookline: console " + console.url() + "  (table " + target.table()
                        + ", queue " + queueUrl + ", dead-letter queue " + deadLetterQueueUrl + ")");
                spec.commandLine().getOut().println("Press Ctrl-C to stop.");
                spec.commandLine().getOut().flush();
                stopped.await();
            }
            return ExitCodes.OK;
        });
    }
}
