package dev.hookline.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.local.DataDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer sees when {@code hookline serve} cannot start: one line that says what to change. */
class ServeCommandTest {

    @TempDir
    Path folder;

    @Test
    void aPortInUseIsNamedWithItsFlagInOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Cli.Run run = Cli.run("serve", "--port", "0", "--dynamodb-port", "0",
                    "--console-port", "0", "--sqs-port", Integer.toString(port),
                    "--in-memory");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).isEqualTo("hookline: --sqs-port " + port + " is in use; pass another or 0\n");
        }
    }

    @Test
    void aDataDirectoryAnotherServeHoldsIsRefusedInOneLine() {
        try (DataDirectory held = DataDirectory.open(folder)) {
            Cli.Run run = Cli.run("serve", "--port", "0", "--dynamodb-port", "0",
                    "--console-port", "0", "--sqs-port", "0",
                    "--data-dir", folder.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).startsWith("hookline: " + held.path() + " is in use by another hookline serve")
                    .doesNotContain("Exception").hasLineCount(1);
        }
    }

    @Test
    void aDataDirectoryAndInMemoryTogetherAreAUsageError() {
        Cli.Run run = Cli.run("serve", "--in-memory", "--data-dir", folder.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("not both");
    }

    @Test
    void aParameterTheTemplateDoesNotDeclareIsAUsageError() {
        Cli.Run run = Cli.run("serve", "--port", "0", "--dynamodb-port", "0",
                "--console-port", "0", "--sqs-port", "0", "--in-memory",
                "--parameter", "MaxRecieveCount=3");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("declares no parameter MaxRecieveCount").contains("MaxReceiveCount");
    }

    @Test
    void theDurableEngineIsRefusedInOneLineBeforeAnythingStarts() {
        Cli.Run run = Cli.run("serve", "--port", "0", "--dynamodb-port", "0",
                "--console-port", "0", "--sqs-port", "0", "--in-memory",
                "--parameter", "ProcessorEngine=durable");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("hookline: DurableProcessorFunction is a Lambda durable function"
                + " (ProcessorEngine=durable), which runs on AWS Lambda only; locally, use"
                + " ProcessorEngine=checkpoint (the default)\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aParameterValueTheTemplateDoesNotAllowIsAUsageError() {
        Cli.Run run = Cli.run("serve", "--port", "0", "--dynamodb-port", "0",
                "--console-port", "0", "--sqs-port", "0", "--in-memory",
                "--parameter", "ProcessorEngine=sdk");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo(
                "hookline: parameter ProcessorEngine must be one of checkpoint, durable; got 'sdk'\n");
    }
}
