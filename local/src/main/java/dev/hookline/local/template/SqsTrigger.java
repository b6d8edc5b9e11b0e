package dev.hookline.local.template;

/** An SQS event source mapping as the template declares it. */
public record SqsTrigger(
        String queueLogicalId,
        int batchSize,
        int maximumBatchingWindowSeconds,
        boolean reportBatchItemFailures,
        int maximumConcurrency) {
}
