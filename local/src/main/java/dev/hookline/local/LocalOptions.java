package dev.hookline.local;

import dev.hookline.local.template.SamTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to start the local runtime. Port 0 picks any free port.
 *
 * @param sourcesFile the sources document, or {@code null} for the built-in {@code demo} source
 * @param parameters template parameters to override, as {@code sam deploy --parameter-overrides}
 * @param pollWaitSeconds the event source mapping's long-poll wait; shorter stops sooner
 * @param dataDirectory where tables and queues persist between runs, or {@code null} to keep them in memory
 * @param scheduleInterval how often scheduled functions run, or {@code null} for their template's rate;
 *     tests shorten it
 * @param capacityMetering whether to count DynamoDB request units through a {@link
 *     dev.hookline.events.store.capacity.CapacityMeter}, which doubles every write's round trips: for
 *     short measurements only, never {@code hookline serve}
 */
public record LocalOptions(
        String host,
        int gatewayPort,
        int dynamoDbPort,
        int sqsPort,
        Path sourcesFile,
        SamTemplate template,
        Map<String, String> parameters,
        int gatewayWorkerThreads,
        int pollWaitSeconds,
        Path dataDirectory,
        Duration scheduleInterval,
        boolean capacityMetering) {

    public static final int DEFAULT_GATEWAY_PORT = 3000;
    public static final int DEFAULT_DYNAMODB_PORT = 8000;
    public static final int DEFAULT_SQS_PORT = 9324;

    /** The defaults {@code hookline serve} uses. */
    public static LocalOptions defaults() {
        return new LocalOptions("127.0.0.1", DEFAULT_GATEWAY_PORT, DEFAULT_DYNAMODB_PORT, DEFAULT_SQS_PORT, null,
                SamTemplate.bundled(), Map.of(), 32, 1, DataDirectory.DEFAULT, null, false);
    }

    /** Every port free and chosen by the system, and nothing kept, as tests want. */
    public static LocalOptions onFreePorts() {
        return defaults().withPorts(0, 0, 0).withDataDirectory(null);
    }

    public LocalOptions withHost(String value) {
        return new LocalOptions(value, gatewayPort, dynamoDbPort, sqsPort, sourcesFile, template, parameters,
                gatewayWorkerThreads, pollWaitSeconds, dataDirectory, scheduleInterval, capacityMetering);
    }

    public LocalOptions withPorts(int gateway, int dynamoDb, int sqs) {
        return new LocalOptions(host, gateway, dynamoDb, sqs, sourcesFile, template, parameters,
                gatewayWorkerThreads, pollWaitSeconds, dataDirectory, scheduleInterval, capacityMetering);
    }

    public LocalOptions withSourcesFile(Path file) {
        return new LocalOptions(host, gatewayPort, dynamoDbPort, sqsPort, file, template, parameters,
                gatewayWorkerThreads, pollWaitSeconds, dataDirectory, scheduleInterval, capacityMetering);
    }

    public LocalOptions withTemplate(SamTemplate value) {
        return new LocalOptions(host, gatewayPort, dynamoDbPort, sqsPort, sourcesFile, value, parameters,
                gatewayWorkerThreads, pollWaitSeconds, dataDirectory, scheduleInterval, capacityMetering);
    }

    public LocalOptions withParameters(Map<String, String> value) {
        return new LocalOptions(host, gatewayPort, dynamoDbPort, sqsPort, sourcesFile, template, Map.copyOf(value),
                gatewayWorkerThreads, pollWaitSeconds, dataDirectory, scheduleInterval, capacityMetering);
    }

    /** Keeps state in {@code folder}; {@code null} keeps it in memory. */
    public LocalOptions withDataDirectory(Path folder) {
        return new LocalOptions(host, gatewayPort, dynamoDbPort, sqsPort, sourcesFile, template, parameters,
                gatewayWorkerThreads, pollWaitSeconds, folder, scheduleInterval, capacityMetering);
    }

    /** Runs scheduled functions every {@code interval} instead of at their template's rate. */
    public LocalOptions withScheduleInterval(Duration interval) {
        return new LocalOptions(host, gatewayPort, dynamoDbPort, sqsPort, sourcesFile, template, parameters,
                gatewayWorkerThreads, pollWaitSeconds, dataDirectory, interval, capacityMetering);
    }

    /** Counts DynamoDB request units (table and indexes) through a capacity meter; see {@link #capacityMetering()}. */
    public LocalOptions withCapacityMetering(boolean enabled) {
        return new LocalOptions(host, gatewayPort, dynamoDbPort, sqsPort, sourcesFile, template, parameters,
                gatewayWorkerThreads, pollWaitSeconds, dataDirectory, scheduleInterval, enabled);
    }
}
