package dev.hookline.loadtests.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * AWS list prices in USD, as {@code aws-prices.properties} gives them with their sources: per
 * million units for request prices, per GB-second, GB or GB-month for the others.
 */
public record AwsPrices(double dynamoDbWriteUnitPerMillion, double dynamoDbReadUnitPerMillion,
        double sqsRequestPerMillion, double lambdaRequestPerMillion, double lambdaPerGbSecond,
        double httpApiRequestPerMillion, double durableOperationPerMillion, double durableDataWrittenPerGb,
        double durableDataRetainedPerGbMonth) {

    public static final String RESOURCE = "/aws-prices.properties";

    public static AwsPrices bundled() {
        try (InputStream in = AwsPrices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return from(properties);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static AwsPrices from(Properties properties) {
        return new AwsPrices(
                price(properties, "dynamodb.writeRequestUnit.perMillion"),
                price(properties, "dynamodb.readRequestUnit.perMillion"),
                price(properties, "sqs.standardRequest.perMillion"),
                price(properties, "lambda.request.perMillion"),
                price(properties, "lambda.arm64.perGbSecond"),
                price(properties, "apigateway.httpApiRequest.perMillion"),
                price(properties, "lambda.durable.operation.perMillion"),
                price(properties, "lambda.durable.dataWritten.perGb"),
                price(properties, "lambda.durable.dataRetained.perGbMonth"));
    }

    private static double price(Properties properties, String name) {
        String value = properties.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(RESOURCE + " has no " + name);
        }
        return Double.parseDouble(value.trim());
    }
}
