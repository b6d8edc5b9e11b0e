package dev.hookline.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hookline}: the command line for running Hookline locally and operating it. */
@Command(name = "hookline", mixinStandardHelpOptions = true, version = "hookline 0.1.0",
        description = "Webhook ingestion: verify, record, buffer and durably process webhooks.",
        subcommands = {ServeCommand.class, SendCommand.class, StatusCommand.class, ExecutionsCommand.class,
            ConsoleCommand.class,
            DlqCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes (every command):%n",
        exitCodeList = {ExitCodes.OK_LINE, "1:Failure: not found, refused, not completed (each command's help says).",
            ExitCodes.USAGE_LINE, ExitCodes.UNREACHABLE_LINE})
public final class HooklineCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HooklineCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
