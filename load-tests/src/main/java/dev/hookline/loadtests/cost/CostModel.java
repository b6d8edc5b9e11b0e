package dev.hookline.loadtests.cost;

/**
 * What a million webhooks cost on AWS at list prices: every measured use per webhook times a
 * million times its price. Free tiers, storage, logs, data transfer and idle pollers' empty
 * receives are left out: they do not grow with the number of webhooks, or not in this measurement.
 */
public final class CostModel {

    private static final double MILLION = 1e6;
    private static final double GB = 1024.0 * 1024 * 1024;
    /** AWS bills GB-months of 730 hours. */
    private static final double DAYS_PER_MONTH = 730 / 24.0;

    private final AwsPrices prices;

    public CostModel(AwsPrices prices) {
        this.prices = prices;
    }

    public CostBreakdown perMillionWebhooks(WebhookUsage usage) {
        double gigabytesWritten = usage.durableBytesWritten() * MILLION / GB;
        return new CostBreakdown(
                usage.writeUnits() * prices.dynamoDbWriteUnitPerMillion()
                        + usage.readUnits() * prices.dynamoDbReadUnitPerMillion(),
                usage.sqsRequests() * prices.sqsRequestPerMillion(),
                usage.httpApiRequests() * prices.httpApiRequestPerMillion(),
                usage.lambdaRequests() * prices.lambdaRequestPerMillion(),
                usage.lambdaGbSeconds() * MILLION * prices.lambdaPerGbSecond(),
                usage.durableOperations() * prices.durableOperationPerMillion(),
                gigabytesWritten * prices.durableDataWrittenPerGb(),
                gigabytesWritten * usage.durableRetentionDays() / DAYS_PER_MONTH * prices.durableDataRetainedPerGbMonth());
    }
}
