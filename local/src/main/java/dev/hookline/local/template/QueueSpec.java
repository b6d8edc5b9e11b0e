package dev.hookline.local.template;

/**
 * An SQS queue as the template declares it.
 *
 * @param deadLetterQueue logical id of the redrive target, or {@code null}
 * @param maximumMessageSize the largest message it takes, in bytes
 */
public record QueueSpec(
        String logicalId,
        int visibilityTimeoutSeconds,
        int messageRetentionSeconds,
        String deadLetterQueue,
        int maxReceiveCount,
        int maximumMessageSize) {
}
