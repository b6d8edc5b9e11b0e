package dev.hookline.local.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code hookline} in this JVM as an operator would type it, capturing what it prints. */
public final class Cli {

    private Cli() {
    }

    /** What one run printed and how it exited. */
    public record Run(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine hookline = new CommandLine(new HooklineCommand());
        hookline.setOut(new PrintWriter(out, true));
        hookline.setErr(new PrintWriter(err, true));
        int exitCode = hookline.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
