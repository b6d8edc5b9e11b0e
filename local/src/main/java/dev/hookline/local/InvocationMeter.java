package dev.hookline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Times every invocation of the handlers it wraps, per function, from the call to the return or
 * the exception: the local stand-in for Lambda's request count and billed duration (local timings
 * on this machine's CPU, not Lambda's).
 */
public final class InvocationMeter {

    private record Counters(LongAdder count, LongAdder nanos) {
    }

    private final Map<String, Counters> functions = new ConcurrentHashMap<>();

    public <I, O> RequestHandler<I, O> timed(String function, RequestHandler<I, O> handler) {
        Counters counters = functions.computeIfAbsent(function, name -> new Counters(new LongAdder(), new LongAdder()));
        return (input, context) -> {
            long started = System.nanoTime();
            try {
                return handler.handleRequest(input, context);
            } finally {
                counters.nanos().add(System.nanoTime() - started);
                counters.count().increment();
            }
        };
    }

    /** Each function's invocations so far, by its template logical id. */
    public Map<String, Invocations> totals() {
        Map<String, Invocations> totals = new TreeMap<>();
        functions.forEach((function, counters) ->
                totals.put(function, new Invocations(counters.count().sum(), counters.nanos().sum())));
        return totals;
    }
}
