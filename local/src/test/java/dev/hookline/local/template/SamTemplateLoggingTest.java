package dev.hookline.local.template;

import static dev.hookline.local.template.DeployedTemplate.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.telemetry.HooklineMetric;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each function's log group and the Powertools settings template.yaml gives every function. */
class SamTemplateLoggingTest {

    /** What CloudWatch Logs accepts as RetentionInDays. */
    private static final List<Integer> RETENTIONS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Map<String, String> SERVICES = Map.of(
            "IngestFunction", "ingest",
            "ProcessorFunction", "processor",
            "DurableProcessorFunction", "processor",
            "ReconcilerFunction", "reconciler",
            "StatusFunction", "status",
            "ExecutionsFunction", "executions");

    /** Exactly the functions that exist have a log group of the stack's, which they log to, kept LogRetentionDays. */
    @ParameterizedTest
    @ValueSource(strings = {"checkpoint", "durable"})
    void everyFunctionThatExistsHasItsLogGroupKeptForTheRetentionParameter(String engine) {
        DeployedTemplate deployed = DeployedTemplate.with(Map.of("ProcessorEngine", engine));
        List<String> functions = deployed.template().functions().stream().map(FunctionSpec::logicalId).toList();

        Map<Object, Object> groups = deployed.existing("AWS::Logs::LogGroup").values().stream()
                .collect(Collectors.toMap(group -> group.get("LogGroupName"), group -> group.get("RetentionInDays")));

        assertThat(groups).containsOnlyKeys(functions.stream()
                .map(function -> new Intrinsic("Fn::Sub", "/aws/lambda/${AWS::StackName}/" + function))
                .toList());
        assertThat(groups.values()).containsOnly(ref("LogRetentionDays"));
        for (String function : functions) {
            assertThat(deployed.existing("AWS::Serverless::Function").get(function))
                    .as(function + " logs to its group").extracting("LoggingConfig")
                    .isEqualTo(Map.of("LogGroup", ref(function + "LogGroup")));
        }
    }

    @Test
    void logRetentionOffersWhatCloudWatchAcceptsAndDefaultsToThirtyDays() {
        assertThat(DeployedTemplate.parameter("LogRetentionDays")).containsEntry("AllowedValues", RETENTIONS);
        assertThat(DeployedTemplate.defaults().template().parameters()).containsEntry("LogRetentionDays", "30");
        assertThatThrownBy(() -> DeployedTemplate.with(Map.of("LogRetentionDays", "10")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("LogRetentionDays");
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint", "durable"})
    void everyFunctionNamesItsServiceAndPublishesToTheHooklineNamespace(String engine) {
        SamTemplate template = DeployedTemplate.with(Map.of("ProcessorEngine", engine)).template();

        assertThat(template.functions()).allSatisfy(function -> assertThat(resolved(template, function))
                .as(function.logicalId())
                .containsEntry("POWERTOOLS_SERVICE_NAME", SERVICES.get(function.logicalId()))
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", HooklineMetric.NAMESPACE)
                .containsEntry("POWERTOOLS_LOG_LEVEL", "INFO")
                .containsEntry("POWERTOOLS_LOGGER_SAMPLE_RATE", "0"));
    }

    @Test
    void theLogLevelAndSampleRateParametersReachEveryFunction() {
        SamTemplate template = DeployedTemplate.with(Map.of("LogLevel", "DEBUG", "LogSampleRate", "0.1")).template();

        assertThat(template.functions()).allSatisfy(function -> assertThat(resolved(template, function))
                .as(function.logicalId())
                .containsEntry("POWERTOOLS_LOG_LEVEL", "DEBUG")
                .containsEntry("POWERTOOLS_LOGGER_SAMPLE_RATE", "0.1"));
        assertThat(DeployedTemplate.parameter("LogSampleRate"))
                .containsEntry("Type", "Number")
                .containsEntry("MinValue", 0)
                .containsEntry("MaxValue", 1);
    }

    @Test
    void aLogLevelPowertoolsDoesNotKnowIsRefused() {
        assertThat(DeployedTemplate.parameter("LogLevel"))
                .containsEntry("AllowedValues", List.of("DEBUG", "INFO", "WARN", "ERROR"));
        assertThatThrownBy(() -> DeployedTemplate.with(Map.of("LogLevel", "TRACE")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("LogLevel");
    }

    private static Map<String, String> resolved(SamTemplate template, FunctionSpec function) {
        SamTemplate.Resolver parametersOnly = new SamTemplate.Resolver() {
            @Override
            public String ref(String name) {
                return template.parameters().getOrDefault(name, name);
            }

            @Override
            public String attribute(String logicalId, String attribute) {
                return logicalId + "." + attribute;
            }
        };
        return function.environment().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> SamTemplate.resolve(entry.getValue(), parametersOnly)));
    }
}
