package dev.hookline.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hookline dlq}: the dead-letter queue, where webhooks wait after their retries ran out. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Inspect and replay the dead-letter queue: webhooks whose retries ran out (status FAILED).",
            "A replayed message goes back on the webhook queue; the processor starts a new round (history reason"
                    + " 'replay') and resumes after the last completed step. Replaying a COMPLETED one does nothing."},
        subcommands = {DlqListCommand.class, DlqReplayCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE + " Also: no subcommand given."})
public final class DlqCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: list or replay");
    }
}
