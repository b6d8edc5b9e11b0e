package dev.hookline.local.cli;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Runs a command's body and turns what it throws into a one-line message on the error stream and an
 * exit code from {@link ExitCodes}, so no command prints a stack trace at an operator.
 */
final class CommandFailures {

    private CommandFailures() {
    }

    static int run(CommandSpec spec, Callable<Integer> body) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return body.call();
        } catch (UsageException wrong) {
            err.println("hookline: " + wrong.getMessage());
            return ExitCodes.USAGE;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            err.println("hookline: interrupted");
            return ExitCodes.FAILURE;
        } catch (Exception failed) {
            if (isUnreachable(failed)) {
                err.println("hookline: cannot reach the endpoint: " + rootMessage(failed)
                        + "; is `hookline serve` running, or are the endpoint options right?");
                return ExitCodes.UNREACHABLE;
            }
            err.println("hookline: " + describe(failed));
            return ExitCodes.FAILURE;
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }

    static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof HttpConnectTimeoutException
                    || cause.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String describe(Exception failed) {
        if (failed instanceof SdkServiceException service && service.getMessage() != null) {
            return service.getClass().getSimpleName() + ": " + service.getMessage();
        }
        return failed.getMessage() != null ? failed.getMessage() : failed.toString();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = failure.getMessage() != null ? failure.getMessage() : root.toString();
        if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getMessage() + ")";
        }
        return message;
    }

    /** The command line or configuration is wrong: exit {@link ExitCodes#USAGE} with this message. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
