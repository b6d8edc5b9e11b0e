package dev.hookline.local.template;

/**
 * An SQS event source mapping as the template declares it.
 *
 * @param alias the function alias the mapping invokes (SAM attaches it to the function's
 *     {@code AutoPublishAlias}), or {@code null} when it invokes the unqualified function
 */
public record SqsTrigger(
        String queueLogicalId,
        int batchSize,
        int maximumBatchingWindowSeconds,
        boolean reportBatchItemFailures,
        int maximumConcurrency,
        String alias) {

    /** Whether the mapping invokes a published version through an alias rather than {@code $LATEST}. */
    public boolean targetsAlias() {
        return alias != null;
    }
}
