package dev.hookline.loadtests.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final AwsPrices ROUND_PRICES = new AwsPrices(1.0, 0.5, 0.4, 0.2, 0.00001, 1.0, 8.0, 0.25, 0.15);

    private final CostModel costs = new CostModel(ROUND_PRICES);

    @Test
    void eachUsePerWebhookTimesAMillionTimesItsPrice() {
        WebhookUsage usage = new WebhookUsage(16, 2, 3.2, 1, 1.1, 0.05, 0, 0, 0);

        CostBreakdown cost = costs.perMillionWebhooks(usage);

        assertThat(cost.dynamoDb()).isCloseTo(16 * 1.0 + 2 * 0.5, within(1e-9));
        assertThat(cost.sqs()).isCloseTo(3.2 * 0.4, within(1e-9));
        assertThat(cost.httpApi()).isCloseTo(1.0, within(1e-9));
        assertThat(cost.lambdaRequests()).isCloseTo(1.1 * 0.2, within(1e-9));
        assertThat(cost.lambdaDuration()).isCloseTo(0.05 * 1e6 * 0.00001, within(1e-9));
        assertThat(cost.durableOperations() + cost.durableDataWritten() + cost.durableDataRetained()).isZero();
        assertThat(cost.total()).isCloseTo(17 + 1.28 + 1 + 0.22 + 0.5, within(1e-9));
    }

    @Test
    void theDurableEngineAddsItsOperationsAndItsDataWrittenAndRetained() {
        double oneGibibytePerMillion = 1024.0 * 1024 * 1024 / 1e6;
        WebhookUsage usage = new WebhookUsage(0, 0, 0, 0, 0, 0, 0, 0, 0)
                .onDurableEngine(5.1, oneGibibytePerMillion, 730 / 24.0);

        CostBreakdown cost = costs.perMillionWebhooks(usage);

        assertThat(cost.durableOperations()).isCloseTo(5.1 * 8.0, within(1e-9));
        assertThat(cost.durableDataWritten()).isCloseTo(0.25, within(1e-9));
        assertThat(cost.durableDataRetained()).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void aWebhookOnTheDurableEngineIsOneExecutionStartPerBatchPlusFiveOperations() {
        assertThat(DurableEngineUsage.operationsPerWebhook(0.1)).isCloseTo(5.1, within(1e-9));
        assertThat(DurableEngineUsage.bytesWrittenPerWebhook(1500, 2000, 300)).isEqualTo(3800);
    }

    @Test
    void theBundledPricesAreTheUsEast1ListPrices() {
        AwsPrices prices = AwsPrices.bundled();

        assertThat(prices.dynamoDbWriteUnitPerMillion()).isEqualTo(0.625);
        assertThat(prices.dynamoDbReadUnitPerMillion()).isEqualTo(0.125);
        assertThat(prices.sqsRequestPerMillion()).isEqualTo(0.40);
        assertThat(prices.lambdaRequestPerMillion()).isEqualTo(0.20);
        assertThat(prices.lambdaPerGbSecond()).isEqualTo(0.0000133334);
        assertThat(prices.httpApiRequestPerMillion()).isEqualTo(1.00);
        assertThat(prices.durableOperationPerMillion()).isEqualTo(8.00);
    }
}
