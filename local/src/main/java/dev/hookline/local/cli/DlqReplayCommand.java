package dev.hookline.local.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.json.Json;
import dev.hookline.local.dlq.DeadLetter;
import dev.hookline.local.dlq.DeadLetterQueue;
import dev.hookline.local.dlq.DeadLetterSelection;
import dev.hookline.local.dlq.MoveReport;
import dev.hookline.local.dlq.QueueDepth;
import dev.hookline.local.dlq.ReplayReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
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
            "Without --token, --source or --since: moves every message with SQS's message move task"
                    + " (StartMessageMoveTask, back to the queue each came from) and waits for it to finish.",
            "With them: reads the queue and, for each matching message, sends it to the webhook queue and only"
                    + " then deletes it from the dead-letter queue (an interruption may duplicate a message, which"
                    + " the processor ignores, but never loses one); the others are left as they were.",
            "Filters combine: any of the --token values, and --source, and --since."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE + " Everything selected was replayed (zero matches is a success too).",
            "1:A --token was not in the dead-letter queue, a message could not be sent back, or the move task"
                    + " failed or did not finish within --timeout.",
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

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Replay of everything: how long to wait for the move task. Default: ${DEFAULT-VALUE}.")
    private int timeoutSeconds;

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
            if (timeoutSeconds < 1) {
                throw new CommandFailures.UsageException("--timeout must be at least 1 second");
            }
            AwsTarget target = aws.resolve();
            String deadLetterQueueUrl = target.requireDeadLetterQueueUrl();
            String queueUrl = selection.selectsEverything() ? target.queueUrl().orElse("") : target.requireQueueUrl();
            try (SqsClient sqs = target.sqs(); DynamoDbClient dynamoDb = target.dynamoDb()) {
                DeadLetterQueue queue = new DeadLetterQueue(sqs, deadLetterQueueUrl, queueUrl, target.store(dynamoDb));
                if (selection.selectsEverything()) {
                    return everything(queue);
                }
                return selected(queue, selection, queueUrl);
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

    private int everything(DeadLetterQueue queue) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.println("moving every message of " + queue.url() + " back to the queue it came from"
                    + " (SQS message move task)...");
            out.flush();
        }
        MoveReport report = queue.replayAll(Duration.ofSeconds(timeoutSeconds));
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("mode", "all");
            root.put("deadLetterQueueUrl", queue.url());
            depth(root.putObject("before"), report.before());
            root.put("moved", report.moved());
            root.put("status", report.status());
            report.failureReason().ifPresent(reason -> root.put("failureReason", reason));
            depth(root.putObject("after"), report.after());
            out.println(Json.write(root));
        } else {
            out.println("task " + report.status() + ": moved " + report.moved() + " of the " + report.before().total()
                    + " message" + (report.before().total() == 1 ? "" : "s") + " it held; it now holds "
                    + report.after().total() + ".");
            report.failureReason().ifPresent(reason -> out.println("reason: " + reason));
            if (report.before().inFlight() > 0) {
                out.println(report.before().inFlight() + " message(s) were in flight (being read) and are not moved;"
                        + " run the replay again once they are visible.");
            }
            if (report.status().equals("RUNNING")) {
                out.println("the task is still running; check with `hookline dlq list`.");
            }
        }
        return report.isCompleted() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private int selected(DeadLetterQueue queue, DeadLetterSelection selection, String queueUrl) {
        ReplayReport report = queue.replay(selection);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("mode", "selected");
            root.put("deadLetterQueueUrl", queue.url());
            root.put("queueUrl", queueUrl);
            root.put("examined", report.examined());
            root.put("replayedCount", report.replayed().size());
            Instant now = clock.instant();
            letters(root.putArray("replayed"), report.replayed(), now);
            ArrayNode notFound = root.putArray("tokensNotFound");
            report.tokensNotFound().forEach(notFound::add);
            letters(root.putArray("notSent"), report.notSent(), now);
            letters(root.putArray("notDeleted"), report.notDeleted(), now);
            out.println(Json.write(root));
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

    private static void letters(ArrayNode array, List<DeadLetter> letters, Instant now) {
        letters.forEach(letter -> array.add(JsonViews.deadLetter(letter, now)));
    }

    private static void depth(ObjectNode node, QueueDepth depth) {
        node.put("visible", depth.visible());
        node.put("inFlight", depth.inFlight());
        node.put("total", depth.total());
    }
}
