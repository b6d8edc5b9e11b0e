package dev.hookline.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.json.Json;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code hookline status}: where one webhook stands, once or until it finishes. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show an execution's status, current step, attempts, error and history (GET /status/{token}).",
            "With --watch, poll until it is finished (COMPLETED, REJECTED or FAILED), printing each change."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE + " Found; with --watch: it COMPLETED.",
            "1:No execution has this token; with --watch: it ended REJECTED or FAILED, or --timeout ran out.",
            ExitCodes.USAGE_LINE + " Also: a malformed token.", ExitCodes.UNREACHABLE_LINE})
public final class StatusCommand implements Callable<Integer> {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "REJECTED", "FAILED");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN",
            description = "The execution token `hookline send` or the 202 answer gave.")
    private String token;

    // A token may start with '-', which picocli takes for an unknown option: it lands here instead.
    @Unmatched
    private List<String> unmatched = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:3000",
            description = "Hookline's base URL. Default: ${DEFAULT-VALUE}.")
    private String url;

    @Option(names = "--watch", description = "Poll until the execution is finished; exit 0 only if it COMPLETED.")
    private boolean watch;

    @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "1000",
            description = "With --watch: time between polls in milliseconds. Default: ${DEFAULT-VALUE}.")
    private long intervalMillis;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "With --watch: give up after this many seconds (exit 1). Default: 0, wait as long as it"
                    + " takes.")
    private long timeoutSeconds;

    @Option(names = "--json", description = "Print the status API's JSON instead of text (with --watch: the final"
            + " answer only).")
    private boolean json;

    private final Clock clock;

    public StatusCommand() {
        this(Clock.systemUTC());
    }

    StatusCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return CommandFailures.run(spec, () -> {
            String value = token();
            if (ExecutionToken.parse(value).isEmpty()) {
                throw new CommandFailures.UsageException("'" + token + "' is not an execution token (44 characters,"
                        + " as `hookline send` or the 202 answer printed it)");
            }
            if (intervalMillis < 10 || timeoutSeconds < 0) {
                throw new CommandFailures.UsageException("--interval must be at least 10 ms and --timeout not negative");
            }
            GatewayClient gateway = new GatewayClient(url);
            PrintWriter out = spec.commandLine().getOut();
            long giveUpAt = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            String lastLine = null;
            while (true) {
                GatewayClient.Answer answer = gateway.status(value);
                if (!answer.isSuccess()) {
                    spec.commandLine().getErr().println("hookline: the gateway answered " + answer.status() + ": "
                            + answer.body().strip());
                    return answer.status() == 400 ? ExitCodes.USAGE : ExitCodes.FAILURE;
                }
                JsonNode status = Json.tree(answer.body());
                String current = status.path("status").asText("");
                boolean finished = TERMINAL.contains(current);
                if (!watch || finished) {
                    if (json) {
                        out.println(answer.body().strip());
                    } else {
                        print(out, status);
                    }
                    return !watch || current.equals("COMPLETED") ? ExitCodes.OK : ExitCodes.FAILURE;
                }
                String line = progress(status);
                if (!json && !line.equals(lastLine)) {
                    out.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + "  " + line);
                    out.flush();
                    lastLine = line;
                }
                if (timeoutSeconds > 0 && System.nanoTime() > giveUpAt) {
                    spec.commandLine().getErr().println("hookline: still " + current + " after " + timeoutSeconds
                            + " s; giving up watching (it goes on)");
                    return ExitCodes.FAILURE;
                }
                Thread.sleep(intervalMillis);
            }
        });
    }

    private String token() {
        List<String> given = new ArrayList<>();
        if (token != null) {
            given.add(token.trim());
        }
        unmatched.forEach(argument -> given.add(argument.trim()));
        if (given.size() != 1) {
            throw new CommandFailures.UsageException(given.isEmpty() ? "give the execution token: hookline status TOKEN"
                    : "give one execution token, not " + String.join(" ", given));
        }
        return given.get(0);
    }

    private static String progress(JsonNode status) {
        StringBuilder line = new StringBuilder(status.path("status").asText("?"));
        if (status.hasNonNull("currentStep")) {
            line.append("  step ").append(status.get("currentStep").asText());
        }
        if (status.hasNonNull("attempts")) {
            line.append("  attempts ").append(status.get("attempts").asInt());
        }
        if (status.hasNonNull("round")) {
            line.append("  round ").append(status.get("round").asInt());
        }
        if (status.hasNonNull("error")) {
            line.append("  last error ").append(error(status.get("error")));
        }
        return line.toString();
    }

    private void print(PrintWriter out, JsonNode status) {
        field(out, "token", status.path("executionToken").asText(""));
        field(out, "source", text(status, "source"));
        field(out, "type", text(status, "type"));
        field(out, "status", text(status, "status"));
        field(out, "step", text(status, "currentStep"));
        field(out, "round", text(status, "round"));
        field(out, "attempts", text(status, "attempts"));
        field(out, "received", when(status, "receivedAt"));
        field(out, "updated", when(status, "lastUpdated"));
        if (status.hasNonNull("error")) {
            field(out, "error", error(status.get("error")));
        }
        if (status.hasNonNull("result")) {
            field(out, "result", Json.write(status.get("result")));
        }
        if (status.hasNonNull("payload")) {
            JsonNode payload = status.get("payload");
            int length = (payload.isTextual() ? payload.asText() : Json.write(payload)).length();
            field(out, "payload", length + " characters (shown with --json)");
        }
        JsonNode history = status.path("history");
        if (history.isArray() && !history.isEmpty()) {
            out.println("history");
            TextTable table = new TextTable("STATUS", "AT", "ATTEMPT", "ROUND", "REASON");
            for (JsonNode entry : history) {
                table.row(text(entry, "status"), text(entry, "at"), text(entry, "attempt"), text(entry, "round"),
                        text(entry, "reason"));
            }
            table.print(out, "  ");
        }
    }

    private String when(JsonNode status, String field) {
        String value = text(status, field);
        if (value == null) {
            return null;
        }
        try {
            return value + " (" + Ages.of(Duration.between(Instant.parse(value), clock.instant())) + " ago)";
        } catch (DateTimeParseException notAnInstant) {
            return value;
        }
    }

    private static String error(JsonNode error) {
        String code = error.path("code").asText("");
        String message = error.path("message").asText("");
        return code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void field(PrintWriter out, String name, String value) {
        if (value != null) {
            out.println(String.format("%-9s %s", name, value));
        }
    }
}
