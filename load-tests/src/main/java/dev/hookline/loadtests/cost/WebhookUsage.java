package dev.hookline.loadtests.cost;

/**
 * What one webhook uses of each billed AWS resource, on average, as the benchmark measured it.
 *
 * @param lambdaGbSeconds memory times handler time, every function's together
 * @param durableOperations durable operations of a Lambda durable function; 0 on the checkpoint engine
 * @param durableBytesWritten bytes its durable operations write (inputs and results); 0 on the checkpoint engine
 * @param durableRetentionDays how long a durable execution's data is kept after it ends
 */
public record WebhookUsage(double writeUnits, double readUnits, double sqsRequests, double httpApiRequests,
        double lambdaRequests, double lambdaGbSeconds, double durableOperations, double durableBytesWritten,
        double durableRetentionDays) {

    /** The same webhook processed by a durable function with these extra operations and data. */
    public WebhookUsage onDurableEngine(double operations, double bytesWritten, double retentionDays) {
        return new WebhookUsage(writeUnits, readUnits, sqsRequests, httpApiRequests, lambdaRequests, lambdaGbSeconds,
                operations, bytesWritten, retentionDays);
    }
}
