package dev.hookline.events.config;

import dev.hookline.events.telemetry.EmfTelemetry;
import dev.hookline.events.telemetry.LogTelemetry;
import dev.hookline.events.telemetry.Telemetry;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * Everything a handler is built from: its environment variables, its AWS clients and where its
 * telemetry goes. Lambda builds one from the process; the local runtime builds one from
 * {@code template.yaml} and the embedded stand-ins, and hands it to the same handler class.
 */
public record FunctionEnvironment(Map<String, String> variables, AwsClients clients, Telemetry telemetry) {

    public FunctionEnvironment {
        variables = Map.copyOf(variables);
    }

    /** An environment whose telemetry is the log alone. */
    public FunctionEnvironment(Map<String, String> variables, AwsClients clients) {
        this(variables, clients, new LogTelemetry());
    }

    /** The process's: the log, and metrics in the embedded metric format on standard output. */
    public static FunctionEnvironment lambda() {
        return new FunctionEnvironment(System.getenv(), AwsClients.defaultChain(),
                Telemetry.of(new LogTelemetry(), new EmfTelemetry(MetricsFactory.getMetricsInstance())));
    }

    public HooklineSettings settings() {
        return HooklineSettings.from(variables);
    }

    public String variable(String name) {
        return variables.get(name);
    }
}
