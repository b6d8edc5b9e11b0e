package dev.hookline.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HooklineCommandTest {

    private static final String SOME_TOKEN = "AAAAAAAAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBB";

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitCodes() {
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new HooklineCommand()), new ArrayList<>(), commands);
        assertThat(commands).extracting(path -> String.join(" ", path))
                .contains("", "serve", "send", "status", "executions", "console", "dlq", "dlq list", "dlq replay");

        for (List<String> path : commands) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Run run = Cli.run(args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).as(String.join(" ", path)).contains("Usage: hookline" + (path.isEmpty() ? "" : " "
                    + String.join(" ", path)));
            if (!path.equals(List.of("serve"))) {
                assertThat(run.out()).as(String.join(" ", path)).containsPattern("Exit codes.*:")
                        .contains("0   Success").contains("2   Bad usage");
            }
        }
    }

    @Test
    void operatorCommandsDocumentTheUnreachableExitCode() {
        for (String[] command : new String[][] {{"send"}, {"status"}, {"executions"}, {"console"},
                {"dlq", "list"}, {"dlq", "replay"}}) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            assertThat(Cli.run(args.toArray(String[]::new)).out()).as(String.join(" ", command))
                    .contains("3   An endpoint could not be reached").contains("1   ");
        }
    }

    @Test
    void dlqWithoutASubcommandIsAUsageError() {
        Cli.Run run = Cli.run("dlq");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("list or replay");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(Cli.run("dlq", "list", "--colour").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("send", "--source", "demo").exitCode()).as("--file is required").isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aMalformedTokenIsAUsageErrorBeforeAnythingIsCalled() {
        assertThat(Cli.run("status", "not-a-token", "--url", "http://127.0.0.1:1").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        Cli.Run replay = Cli.run("dlq", "replay", "--token", "not-a-token", "--endpoint-url", "http://127.0.0.1:1");
        assertThat(replay.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(replay.err()).contains("not-a-token").contains("not an execution token");
    }

    @Test
    void anExecutionsStatusThatDoesNotExistIsAUsageError() {
        Cli.Run run = Cli.run("executions", "--status", "DONE", "--endpoint-url", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("FAILED").contains("DONE");
    }

    @Test
    void everyOperatorCommandExitsThreeWhenNothingListensAtTheEndpoint() throws IOException {
        String closed = "http://127.0.0.1:" + closedPort();

        for (String[] command : new String[][] {
            {"dlq", "list", "--endpoint-url", closed},
            {"dlq", "replay", "--endpoint-url", closed},
            {"dlq", "replay", "--source", "shop", "--endpoint-url", closed},
            {"executions", "--endpoint-url", closed},
            {"status", SOME_TOKEN, "--url", closed},
            {"send", "--source", "demo", "--file", "pom.xml", "--url", closed}}) {
            Cli.Run run = Cli.run(command);

            assertThat(run.exitCode()).as(String.join(" ", command) + "\n" + run).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(run.err()).contains("cannot reach").doesNotContain("Exception\n\tat ");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, into);
            }
        });
    }
}
