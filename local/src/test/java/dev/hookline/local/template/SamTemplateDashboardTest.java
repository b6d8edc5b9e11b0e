package dev.hookline.local.template;

import static dev.hookline.local.template.DeployedTemplate.map;
import static dev.hookline.local.template.DeployedTemplate.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.json.Json;
import dev.hookline.events.telemetry.HooklineMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CloudWatch dashboard of template.yaml: its body is JSON once CloudFormation has filled its
 * {@code ${...}}, and it shows exactly the metrics Hookline emits, under the dimensions they carry.
 */
class SamTemplateDashboardTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    /** {@code SEARCH('{Hookline,Service,Source} MetricName="WebhooksAccepted"', 'Sum', 60)} */
    private static final Pattern SEARCH = Pattern.compile(
            "SEARCH\\('\\{" + HooklineMetric.NAMESPACE + ",([^}]*)} MetricName=\"(\\w+)\"'");
    /** {@code SELECT SUM(WebhooksRefused) FROM SCHEMA(Hookline, ErrorCode, Service, Source)} */
    private static final Pattern INSIGHTS = Pattern.compile(
            "SELECT \\w+\\((\\w+)\\) FROM SCHEMA\\(" + HooklineMetric.NAMESPACE + ", ([^)]*)\\)");

    private static final Map<String, Object> DASHBOARD = DeployedTemplate.declared("AWS::CloudWatch::Dashboard")
            .get("Dashboard");

    @Test
    void theBodyIsJsonOnceEveryReferenceIsFilled() {
        JsonNode body = Json.tree(VARIABLE.matcher(subArguments().get(0).toString())
                .replaceAll(reference -> "arn:aws:lambda:eu-west-1:123456789012:function:hookline-prod-"
                        + reference.group(1).replaceAll("\\W", "-")));

        assertThat(body.get("widgets").isArray()).isTrue();
        assertThat(body.get("widgets")).allSatisfy(widget -> {
            assertThat(widget.get("type").asText()).isIn("metric", "text", "alarm");
            assertThat(widget.get("x").asInt() + widget.get("width").asInt()).isLessThanOrEqualTo(24);
        });
    }

    @Test
    void everyReferenceNamesAResourceAParameterOrAVariableOfTheSub() {
        Set<String> known = new LinkedHashSet<>(variables().keySet());
        known.addAll(DeployedTemplate.defaults().template().parameters().keySet());
        known.addAll(List.of("AWS::Region", "AWS::StackName", "AWS::AccountId", "AWS::Partition"));
        Set<String> resources = resourceIds();

        for (String reference : references()) {
            if (!known.contains(reference)) {
                String logicalId = reference.contains(".") ? reference.substring(0, reference.indexOf('.')) : reference;
                assertThat(resources).as(reference).contains(logicalId);
                assertThat(DeployedTemplate.condition(logicalId)).as("%s exists with either engine", reference).isNull();
            }
        }
    }

    /** Its processor and processor alarms are those of the engine deployed. */
    @ParameterizedTest
    @ValueSource(strings = {"checkpoint", "durable"})
    void theProcessorShownIsTheOneTheEngineDeploys(String engine) {
        DeployedTemplate deployed = DeployedTemplate.with(Map.of("ProcessorEngine", engine));
        String prefix = engine.equals("durable") ? "DurableProcessor" : "Processor";

        assertThat(deployed.evaluate(variables().get("ProcessorFunctionName"))).isEqualTo(ref(prefix + "Function"));
        assertThat(deployed.evaluate(variables().get("ProcessorErrorsAlarmArn")))
                .isEqualTo(DeployedTemplate.getAtt(prefix + "ErrorsAlarm", "Arn"));
        assertThat(deployed.evaluate(variables().get("ProcessorThrottlesAlarmArn")))
                .isEqualTo(DeployedTemplate.getAtt(prefix + "ThrottlesAlarm", "Arn"));
    }

    @Test
    void everyHooklineMetricIsShownAndNoOtherUnderTheDimensionsItCarries() {
        Map<String, Set<Set<String>>> shown = new LinkedHashMap<>();
        for (String expression : expressions()) {
            for (Pattern pattern : List.of(SEARCH, INSIGHTS)) {
                Matcher matcher = pattern.matcher(expression);
                while (matcher.find()) {
                    boolean search = pattern == SEARCH;
                    String metric = matcher.group(search ? 2 : 1);
                    Set<String> dimensions = Arrays.stream(matcher.group(search ? 1 : 2).split(","))
                            .map(String::trim)
                            .collect(Collectors.toSet());
                    shown.computeIfAbsent(metric, name -> new LinkedHashSet<>()).add(dimensions);
                }
            }
        }

        assertThat(shown).containsOnlyKeys(Arrays.stream(HooklineMetric.values())
                .map(HooklineMetric::cloudWatchName)
                .toList());
        for (HooklineMetric metric : HooklineMetric.values()) {
            Set<String> carried = Stream.concat(Stream.of("Service"),
                            metric.dimensions().stream().map(HooklineMetric.Dimension::cloudWatchName))
                    .collect(Collectors.toSet());
            assertThat(shown.get(metric.cloudWatchName())).as(metric.cloudWatchName()).containsOnly(carried);
        }
    }

    @Test
    void latenciesShowTheirP50P90AndP99() {
        for (HooklineMetric metric : HooklineMetric.values()) {
            if (metric.unit() == HooklineMetric.Unit.MILLISECONDS) {
                Set<String> statistics = expressions().stream()
                        .filter(expression -> expression.contains("MetricName=\"" + metric.cloudWatchName() + "\""))
                        .map(expression -> expression.replaceAll(".*', '(\\w+)', 60\\)\\)$", "$1"))
                        .collect(Collectors.toSet());
                assertThat(statistics).as(metric.cloudWatchName()).containsExactlyInAnyOrder("p50", "p90", "p99");
            }
        }
    }

    @Test
    void everyFunctionHasItsErrorsThrottlesDurationAndConcurrencyShown() {
        List<String> functions = List.of("${IngestFunction}", "${ProcessorFunctionName}", "${ReconcilerFunction}",
                "${StatusFunction}", "${ExecutionsFunction}");
        for (String metric : List.of("Errors", "Throttles", "Duration", "ConcurrentExecutions")) {
            assertThat(metrics("AWS/Lambda", metric)).as(metric)
                    .containsExactlyInAnyOrderElementsOf(functions.stream()
                            .map(function -> List.of("FunctionName", function))
                            .toList());
        }
    }

    @Test
    void theQueuesAndTheApiAreShown() {
        List<String> webhookQueue = List.of("QueueName", "${WebhookQueue.QueueName}");
        List<String> api = List.of("ApiId", "${HttpApi}", "Stage", "$default");

        assertThat(metrics("AWS/SQS", "ApproximateNumberOfMessagesVisible"))
                .containsExactlyInAnyOrder(webhookQueue, List.of("QueueName", "${WebhookDeadLetterQueue.QueueName}"));
        assertThat(metrics("AWS/SQS", "ApproximateAgeOfOldestMessage")).containsExactly(webhookQueue);
        for (String metric : List.of("4xx", "5xx", "Latency")) {
            assertThat(metrics("AWS/ApiGateway", metric)).as(metric).isNotEmpty().containsOnly(api);
        }
    }

    /** A conditional alarm is listed through the Sub variable that chooses it by the engine. */
    @Test
    void theAlarmsWidgetListsEveryAlarm() {
        List<String> listed = new ArrayList<>();
        body().get("widgets").forEach(widget -> widget.path("properties").path("alarms").forEach(
                arn -> listed.add(arn.asText())));
        Set<String> expected = new LinkedHashSet<>();
        Set<String> chosen = new LinkedHashSet<>();
        variables().forEach((name, value) -> {
            List<?> branches = ((List<?>) ((Intrinsic) value).argument()).subList(1, 3);
            if (branches.stream().allMatch(branch -> ((Intrinsic) branch).function().equals("Fn::GetAtt"))) {
                expected.add("${" + name + "}");
                branches.forEach(branch -> chosen.add(((Intrinsic) branch).argument().toString()));
            }
        });
        DeployedTemplate.declared("AWS::CloudWatch::Alarm").keySet().forEach(id -> {
            if (DeployedTemplate.condition(id) == null) {
                expected.add("${" + id + ".Arn}");
            } else {
                assertThat(chosen).as(id).contains(id + ".Arn");
            }
        });

        assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The dimension pairs of each metric array that shows this metric of this namespace. */
    private static List<List<String>> metrics(String namespace, String name) {
        List<List<String>> found = new ArrayList<>();
        body().get("widgets").forEach(widget -> widget.path("properties").path("metrics").forEach(metric -> {
            if (metric.size() > 2 && metric.get(0).asText().equals(namespace) && metric.get(1).asText().equals(name)) {
                List<String> dimensions = new ArrayList<>();
                metric.forEach(element -> {
                    if (element.isTextual()) {
                        dimensions.add(element.asText());
                    }
                });
                found.add(dimensions.subList(2, dimensions.size()));
            }
        }));
        return found;
    }

    private static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        body().get("widgets").forEach(widget -> widget.path("properties").path("metrics").forEach(metric ->
                metric.forEach(element -> {
                    if (element.has("expression")) {
                        expressions.add(element.get("expression").asText());
                    }
                })));
        return expressions;
    }

    /** The body with each reference left as written, so that a test sees which reference a value is. */
    private static JsonNode body() {
        return Json.tree(subArguments().get(0).toString());
    }

    private static Set<String> references() {
        Set<String> references = new LinkedHashSet<>();
        Matcher matcher = VARIABLE.matcher(subArguments().get(0).toString());
        while (matcher.find()) {
            references.add(matcher.group(1));
        }
        return references;
    }

    private static Map<String, Object> variables() {
        return map(subArguments().get(1));
    }

    private static List<?> subArguments() {
        assertThat(DASHBOARD).as("the dashboard").isNotNull();
        assertThat(DASHBOARD.get("DashboardName")).isEqualTo(new Intrinsic("Fn::Sub", "${AWS::StackName}"));
        Object body = DASHBOARD.get("DashboardBody");
        assertThat(body).isInstanceOfSatisfying(Intrinsic.class,
                sub -> assertThat(sub.function()).isEqualTo("Fn::Sub"));
        return (List<?>) ((Intrinsic) body).argument();
    }

    private static Set<String> resourceIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (String type : List.of("AWS::SQS::Queue", "AWS::Serverless::Function", "AWS::Serverless::HttpApi",
                "AWS::CloudWatch::Alarm")) {
            ids.addAll(DeployedTemplate.declared(type).keySet());
        }
        return ids;
    }
}
