package dev.hookline.local.cli;

import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.json.Json;
import dev.hookline.local.dlq.DeadLetter;
import dev.hookline.local.dlq.DeadLetterQueue;
import dev.hookline.local.dlq.DeadLetterSelection;
import dev.hookline.local.dlq.ReplayReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code hookline dlq replay}: puts dead-lettered webhooks back on the webhook queue for another round. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send dead-lettered webhooks back to the webhook queue; the processor runs each again in a new"
                + " round, resuming after its last completed step.",
            "Reads the dead-letter queue and, for each message selected (every one without --token, --source or"
                    + " --since), sends it to the webhook queue and only then deletes it from the dead-letter queue"
                    + " (an interruption may duplicate a message, which the processor ignores, but never loses one);"
                    + " the others are left as they were.",
            "A message that is not a Hookline envelope is never sent back (the processor could only fail it"
                    + " again): it stays in the dead-letter queue, and the output gives its message id.",
            "Filters combine: any of the --token values, and --source, and --since."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE + " Everything selected was replayed (zero matches is a success too, and so"
                + " is leaving messages that are not Hookline envelopes).",
            "1:A --token was not in the dead-letter queue, or a message could not be sent back.",
            ExitCodes.USAGE_LINE, ExitCodes.UNREACHABLE_LINE})
public final class DlqReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Replay this execution's message; repeat for several.")
    private List<String> tokens = new ArrayList<>();

    @Option(names = "--source", paramLabel = "NAME", description = "Replay only messages from this source.")
    private String source;

    @Option(names = "--since", paramLabel = "WHEN", converter = TimeArgument.class,
            description = "Replay only executions that failed at or after WHEN: " + TimeArgument.FORMATS + ".")
    private Instant since;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    private boolean json;

    @Mixin
    private AwsOptions aws;

    private final Clock clock;

    public DlqReplayCommand() {
        this(Clock.systemUTC());
    }

    DlqReplayCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return CommandFailures.run(spec, () -> {
            DeadLetterSelection selection = selection();
            AwsTarget target = aws.resolve();
            String deadLetterQueueUrl = target.requireDeadLetterQueueUrl();
            String queueUrl = target.requireQueueUrl();
            try (SqsClient sqs = target.sqs(); DynamoDbClient dynamoDb = target.dynamoDb()) {
                DeadLetterQueue queue = new DeadLetterQueue(sqs, deadLetterQueueUrl, queueUrl, target.store(dynamoDb));
                return print(queue.replay(selection), selection, queue.url(), queueUrl);
            }
        });
    }

    private DeadLetterSelection selection() {
        Set<String> wanted = new LinkedHashSet<>();
        for (String token : tokens) {
            if (ExecutionToken.parse(token.trim()).isEmpty()) {
                throw new CommandFailures.UsageException("'" + token + "' is not an execution token (44 characters,"
                        + " as `hookline send` or the 202 answer printed it)");
            }
            wanted.add(token.trim());
        }
        DeadLetterSelection selection = DeadLetterSelection.everything().withTokens(wanted);
        if (source != null) {
            if (source.isBlank()) {
                throw new CommandFailures.UsageException("--source must name a source");
            }
            selection = selection.withSource(source.trim());
        }
        if (since != null) {
            selection = selection.failedSince(since);
        }
        return selection;
    }

    private int print(ReplayReport report, DeadLetterSelection selection, String deadLetterQueueUrl,
            String queueUrl) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(JsonViews.replayReport(report, selection, deadLetterQueueUrl, queueUrl,
                    clock.instant())));
        } else {
            out.println("replayed " + report.replayed().size() + " of " + report.examined() + " message"
                    + (report.examined() == 1 ? "" : "s") + " examined, back to " + queueUrl);
            if (!report.replayed().isEmpty()) {
                TextTable table = new TextTable("TOKEN", "SOURCE", "STATUS", "NOTE");
                for (DeadLetter letter : report.replayed()) {
                    table.row(letter.executionToken(), letter.source(), letter.status(), note(letter));
                }
                table.print(out, "  ");
            }
            report.tokensNotFound().forEach(token -> out.println("not in the dead-letter queue: " + token));
            report.notSent().forEach(letter -> out.println("could not be sent back (left in the dead-letter queue): "
                    + letter.executionToken()));
            report.notDeleted().forEach(letter -> out.println("sent back but not deleted from the dead-letter queue"
                    + " (a harmless duplicate): " + letter.executionToken()));
            int left = report.notEnvelopes().size();
            if (left > 0) {
                out.println("left " + left + (left == 1 ? " message that is not a Hookline envelope"
                        : " messages that are not Hookline envelopes") + " in the dead-letter queue: "
                        + String.join(", ", report.notEnvelopes().stream().map(DeadLetter::messageId).toList()));
            }
        }
        return report.isComplete() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static String note(DeadLetter letter) {
        if (letter.status() == null) {
            return "no execution record (expired?): the processor will drop it";
        }
        if (letter.status() == ExecutionStatus.COMPLETED || letter.status() == ExecutionStatus.REJECTED) {
            return "already " + letter.status() + ": the processor will do nothing";
        }
        return null;
    }
}
