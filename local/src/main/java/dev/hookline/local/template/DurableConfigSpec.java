package dev.hookline.local.template;

/**
 * A function's {@code DurableConfig}: it is a Lambda durable function, whose executions checkpoint
 * with Lambda and may span many invocations.
 *
 * @param executionTimeoutSeconds how long one durable execution may run in all, across invocations
 * @param retentionPeriodInDays how long Lambda keeps an ended execution's history (SAM's default: 14)
 */
public record DurableConfigSpec(int executionTimeoutSeconds, int retentionPeriodInDays) {

    /** What SAM and Lambda keep when {@code RetentionPeriodInDays} is left out. */
    public static final int DEFAULT_RETENTION_DAYS = 14;
}
