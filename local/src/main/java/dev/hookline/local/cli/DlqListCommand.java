package dev.hookline.local.cli;

import dev.hookline.events.json.Json;
import dev.hookline.local.dlq.DeadLetter;
import dev.hookline.local.dlq.DeadLetterListing;
import dev.hookline.local.dlq.DeadLetterQueue;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code hookline dlq list}: what waits in the dead-letter queue, without taking anything out of it. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the dead-letter queue's depth and, for each message, the execution's token, source,"
                + " status, error and how long ago it failed (newest first).",
            "Messages are read without being consumed: each is received and made visible again before the command"
                    + " returns. Messages someone else is reading at that moment (in flight) are counted, not shown.",
            "A message that is not a Hookline envelope is shown by its message id as not replayable: no replay"
                    + " sends it back."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE, "1:The queue or the table could not be read (e.g. it does not exist).",
            ExitCodes.USAGE_LINE, ExitCodes.UNREACHABLE_LINE})
public final class DlqListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private AwsOptions aws;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Show at most N messages. Default: ${DEFAULT-VALUE}.")
    private int limit;

    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    private boolean json;

    private final Clock clock;

    public DlqListCommand() {
        this(Clock.systemUTC());
    }

    DlqListCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return CommandFailures.run(spec, () -> {
            if (limit < 1) {
                throw new CommandFailures.UsageException("--limit must be at least 1");
            }
            AwsTarget target = aws.resolve();
            String url = target.requireDeadLetterQueueUrl();
            DeadLetterListing listing;
            try (SqsClient sqs = target.sqs(); DynamoDbClient dynamoDb = target.dynamoDb()) {
                listing = new DeadLetterQueue(sqs, url, target.queueUrl().orElse(""), target.store(dynamoDb))
                        .list(limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            Instant now = clock.instant();
            if (json) {
                out.println(Json.write(JsonViews.deadLetterListing(url, listing, now)));
            } else {
                print(out, url, listing, now);
            }
            return ExitCodes.OK;
        });
    }

    private static void print(PrintWriter out, String url, DeadLetterListing listing, Instant now) {
        out.println("dead-letter queue " + url);
        long total = listing.depth().total();
        out.println(total + " message" + (total == 1 ? "" : "s") + " (" + listing.depth().visible() + " waiting, "
                + listing.depth().inFlight() + " in flight)");
        if (listing.messages().isEmpty()) {
            return;
        }
        TextTable table = new TextTable("TOKEN", "SOURCE", "TYPE", "STATUS", "ROUND", "ATTEMPTS", "FAILED", "ERROR");
        for (DeadLetter letter : listing.messages()) {
            if (!letter.isReadable()) {
                table.row("(message " + letter.messageId() + ")", null, null, "not replayable", null, null, null,
                        "not a Hookline envelope");
                continue;
            }
            table.row(letter.executionToken(), letter.source(), letter.eventType(),
                    letter.status() == null ? "(no record)" : letter.status(),
                    letter.round() == 0 ? null : letter.round(),
                    letter.status() == null ? null : letter.attempts(),
                    letter.age(now).map(age -> Ages.of(age) + " ago").orElse(null),
                    letter.error() == null ? null : letter.error().code() + ": " + letter.error().message());
        }
        out.println();
        table.print(out, "");
        if (listing.messages().size() < total) {
            out.println();
            out.println("showing " + listing.messages().size() + " of " + total
                    + " (raise --limit, or the rest are in flight)");
        }
        out.println();
        long notEnvelopes = listing.messages().stream().filter(letter -> !letter.isReadable()).count();
        if (notEnvelopes > 0) {
            out.println(notEnvelopes == 1
                    ? "1 message is not a Hookline envelope: no replay sends it back; read or delete it with the SQS"
                            + " console or `aws sqs`"
                    : notEnvelopes + " messages are not Hookline envelopes: no replay sends them back; read or delete"
                            + " them with the SQS console or `aws sqs`");
        }
        out.println("replay one with `hookline dlq replay --token TOKEN`, all with `hookline dlq replay`");
    }
}
