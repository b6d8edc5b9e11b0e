package dev.hookline.local.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.json.Json;
import dev.hookline.events.store.listing.ExecutionListing;
import dev.hookline.events.store.listing.ExecutionSummary;
import dev.hookline.events.store.listing.InvalidListingQueryException;
import dev.hookline.events.store.listing.ListingPage;
import dev.hookline.events.store.listing.ListingQuery;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code hookline executions}: lists executions newest first, straight from the executions table. */
@Command(name = "executions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List executions newest first, by status, source and receive time, a page at a time.",
            "Reads the executions table's listing index directly (AWS credentials needed on AWS; the HTTP route is"
                    + " IAM-authorized). The index is eventually consistent: a status that just changed may show"
                    + " its previous value."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE + " (also when nothing matches).",
            "1:The table could not be read (e.g. it does not exist).",
            ExitCodes.USAGE_LINE + " Also: a bad --status, --limit or --cursor.", ExitCodes.UNREACHABLE_LINE})
public final class ExecutionsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only this status: STARTED, VALIDATING, PROCESSING, FINALIZING, COMPLETED, REJECTED, FAILED.")
    private String status;

    @Option(names = "--source", paramLabel = "NAME", description = "Only this source.")
    private String source;

    @Option(names = "--from", paramLabel = "WHEN", converter = TimeArgument.class,
            description = "Only executions received at or after WHEN: " + TimeArgument.FORMATS + ".")
    private Instant from;

    @Option(names = "--to", paramLabel = "WHEN", converter = TimeArgument.class,
            description = "Only executions received before WHEN (same forms as --from).")
    private Instant to;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + ListingQuery.DEFAULT_LIMIT,
            description = "Executions per page, 1 to " + ListingQuery.MAX_LIMIT + ". Default: ${DEFAULT-VALUE}.")
    private int limit;

    @Option(names = "--cursor", paramLabel = "CURSOR",
            description = "Continue after the page that printed this cursor (same filters).")
    private String cursor;

    @Option(names = "--all", description = "Follow the cursor to the end and print every matching execution.")
    private boolean all;

    @Option(names = "--json", description = "Print JSON for scripts: {executions: [...], nextCursor}.")
    private boolean json;

    @Mixin
    private AwsOptions aws;

    private final Clock clock;

    public ExecutionsCommand() {
        this(Clock.systemUTC());
    }

    ExecutionsCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return CommandFailures.run(spec, () -> {
            ListingQuery query = new ListingQuery(status(), Optional.ofNullable(source).map(String::trim),
                    Optional.ofNullable(from), Optional.ofNullable(to), limit, Optional.ofNullable(cursor));
            AwsTarget target = aws.resolve();
            List<ExecutionSummary> executions = new ArrayList<>();
            Optional<String> next;
            try (DynamoDbClient dynamoDb = target.dynamoDb();
                    ExecutionListing listing = new ExecutionListing(dynamoDb, target.table())) {
                ListingPage page = listing.list(query);
                executions.addAll(page.executions());
                next = page.nextCursor();
                while (all && next.isPresent()) {
                    page = listing.list(query.withCursor(next.get()));
                    executions.addAll(page.executions());
                    next = page.nextCursor();
                }
            } catch (InvalidListingQueryException wrong) {
                throw new CommandFailures.UsageException(wrong.getMessage().replace("limit", "--limit")
                        .replace("cursor", "--cursor"));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode root = Json.mapper().createObjectNode();
                ArrayNode array = root.putArray("executions");
                executions.forEach(summary -> array.add(Json.mapper().valueToTree(summary)));
                next.ifPresent(value -> root.put("nextCursor", value));
                out.println(Json.write(root));
            } else {
                print(out, executions, next);
            }
            return ExitCodes.OK;
        });
    }

    private Optional<ExecutionStatus> status() {
        if (status == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ExecutionStatus.valueOf(status.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            throw new CommandFailures.UsageException("--status must be one of " + Arrays.stream(ExecutionStatus.values())
                    .map(Enum::name).collect(Collectors.joining(", ")) + "; got '" + status + "'");
        }
    }

    private void print(PrintWriter out, List<ExecutionSummary> executions, Optional<String> next) {
        if (executions.isEmpty()) {
            out.println("no executions match");
            return;
        }
        Instant now = clock.instant();
        TextTable table = new TextTable("TOKEN", "SOURCE", "TYPE", "STATUS", "ROUND", "ATTEMPTS", "RECEIVED",
                "UPDATED", "ERROR");
        for (ExecutionSummary summary : executions) {
            table.row(summary.executionToken(), summary.source(), summary.type(), summary.status(), summary.round(),
                    summary.attempts(), ago(summary.receivedAt(), now), ago(summary.lastUpdated(), now),
                    summary.error() == null ? null : summary.error().code() + ": " + summary.error().message());
        }
        table.print(out, "");
        out.println();
        out.println(executions.size() + " execution" + (executions.size() == 1 ? "" : "s")
                + next.map(value -> "; more with --cursor " + value).orElse(""));
    }

    private static String ago(Instant when, Instant now) {
        return when == null ? null : Ages.of(Duration.between(when, now)) + " ago";
    }
}
