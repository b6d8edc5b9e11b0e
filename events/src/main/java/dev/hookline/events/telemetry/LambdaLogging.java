package dev.hookline.events.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Puts an invocation's Lambda context (request id, function, cold start, sampling) on every log line
 * it writes, through Powertools, and carries those fields to the threads it hands work to.
 */
public final class LambdaLogging {

    private LambdaLogging() {
    }

    /** Runs one invocation, and clears its fields from the thread when it returns. */
    public static <T> T around(Context context, Supplier<T> invocation) {
        return PowertoolsLogging.withLogging(context, invocation);
    }

    /** {@code work}, to run on another thread with the logging fields this thread has now. */
    public static <T> Callable<T> carryingFields(Callable<T> work) {
        Map<String, String> fields = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            if (fields == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(fields);
            }
            try {
                return work.call();
            } finally {
                if (before == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(before);
                }
            }
        };
    }
}
