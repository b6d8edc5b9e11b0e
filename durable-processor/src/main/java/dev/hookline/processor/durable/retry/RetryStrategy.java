package dev.hookline.processor.durable.retry;

/** Decides whether a failed step runs again, and after how long. */
@FunctionalInterface
public interface RetryStrategy {

    /**
     * @param error what the attempt threw
     * @param attempt the attempt that failed, 1 for the step's first run
     */
    RetryDecision decide(Throwable error, int attempt);
}
