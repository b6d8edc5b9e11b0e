package dev.hookline.processor.durable.retry;

import java.time.Duration;

/**
 * Retries up to {@code maxAttempts} runs in all, waiting {@code initialDelay × backoffRate^(n-1)}
 * after the n-th failure, capped at {@code maxDelay}, then jittered. Delays are whole seconds, at
 * least one, because both engines schedule in seconds (SQS visibility, Lambda durable waits).
 */
public record ExponentialBackoff(
        int maxAttempts, Duration initialDelay, Duration maxDelay, double backoffRate, JitterStrategy jitter)
        implements RetryStrategy {

    public ExponentialBackoff {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay");
        }
        if (backoffRate < 1) {
            throw new IllegalArgumentException("backoffRate must be at least 1");
        }
    }

    @Override
    public RetryDecision decide(Throwable error, int attempt) {
        if (attempt >= maxAttempts) {
            return RetryDecision.giveUp();
        }
        double base = Math.min(initialDelay.toMillis() / 1000.0 * Math.pow(backoffRate, attempt - 1),
                maxDelay.toMillis() / 1000.0);
        return RetryDecision.retryAfter(Duration.ofSeconds(Math.max(1, Math.round(jitter.apply(base)))));
    }
}
