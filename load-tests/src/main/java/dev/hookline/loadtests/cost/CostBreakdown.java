package dev.hookline.loadtests.cost;

/** USD per million webhooks, by what AWS bills. */
public record CostBreakdown(double dynamoDb, double sqs, double httpApi, double lambdaRequests, double lambdaDuration,
        double durableOperations, double durableDataWritten, double durableDataRetained) {

    public double total() {
        return dynamoDb + sqs + httpApi + lambdaRequests + lambdaDuration + durableOperations + durableDataWritten
                + durableDataRetained;
    }
}
