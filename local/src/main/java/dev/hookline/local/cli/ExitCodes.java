package dev.hookline.local.cli;

/**
 * The exit codes every {@code hookline} command uses, so scripts can tell a failure from a mistake in
 * the command line from an endpoint that is down.
 */
public final class ExitCodes {

    /** It worked. */
    public static final int OK = 0;
    /** It did not: not found, refused, not completed, not everything replayed. */
    public static final int FAILURE = 1;
    /** The command line or the configuration is wrong (picocli uses 2 for usage errors too). */
    public static final int USAGE = 2;
    /** An endpoint (the gateway, DynamoDB, SQS) could not be reached. */
    public static final int UNREACHABLE = 3;

    /** Exit codes as picocli lists them in every command's help; the command adds what 1 means to it. */
    static final String OK_LINE = "0:Success.";
    static final String USAGE_LINE = "2:Bad usage: an unknown option, a missing or malformed value, a bad configuration.";
    static final String UNREACHABLE_LINE = "3:An endpoint could not be reached (is `hookline serve` running?).";

    private ExitCodes() {
    }
}
