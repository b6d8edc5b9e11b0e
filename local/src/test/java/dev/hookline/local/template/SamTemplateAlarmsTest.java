package dev.hookline.local.template;

import static dev.hookline.local.template.DeployedTemplate.getAtt;
import static dev.hookline.local.template.DeployedTemplate.map;
import static dev.hookline.local.template.DeployedTemplate.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CloudWatch alarms of template.yaml: what each watches, when it exists, and whom it tells. */
class SamTemplateAlarmsTest {

    private static final String ALARM = "AWS::CloudWatch::Alarm";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:hookline-alarms";

    @Test
    void theDeadLetterQueueAlarmFiresOnItsFirstMessage() {
        Map<String, Object> alarm = alarm("DeadLetterQueueAlarm");

        assertThat(alarm).containsEntry("Namespace", "AWS/SQS")
                .containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                .containsEntry("Dimensions", List.of(dimension("QueueName", getAtt("WebhookDeadLetterQueue", "QueueName"))))
                .containsEntry("Statistic", "Maximum")
                .containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .containsEntry("TreatMissingData", "notBreaching");
    }

    @Test
    void theQueueAgeAlarmFiresWhenTheOldestWebhookIsOlderThanItsParameter() {
        Map<String, Object> alarm = alarm("WebhookQueueAgeAlarm");

        assertThat(alarm).containsEntry("Namespace", "AWS/SQS")
                .containsEntry("MetricName", "ApproximateAgeOfOldestMessage")
                .containsEntry("Dimensions", List.of(dimension("QueueName", getAtt("WebhookQueue", "QueueName"))))
                .containsEntry("Statistic", "Maximum")
                .containsEntry("Threshold", ref("QueueAgeAlarmSeconds"))
                .containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(DeployedTemplate.parameter("QueueAgeAlarmSeconds"))
                .containsEntry("Type", "Number")
                .containsKeys("MinValue", "MaxValue");
        assertThat(DeployedTemplate.defaults().template().parameters()).containsEntry("QueueAgeAlarmSeconds", "300");
    }

    /**
     * With either engine, the processor that exists has an errors and a throttles alarm on it, and no
     * alarm watches a function the engine leaves out (CloudFormation would refuse the reference).
     */
    @ParameterizedTest
    @ValueSource(strings = {"checkpoint", "durable"})
    void theProcessorOfEitherEngineHasAnErrorsAndAThrottlesAlarm(String engine) {
        DeployedTemplate deployed = DeployedTemplate.with(Map.of("ProcessorEngine", engine));
        String processor = engine.equals("durable") ? "DurableProcessorFunction" : "ProcessorFunction";
        Set<String> functions = deployed.template().functions().stream()
                .map(FunctionSpec::logicalId)
                .collect(Collectors.toSet());

        Map<String, Set<Object>> watched = deployed.existing(ALARM).values().stream()
                .filter(alarm -> "AWS/Lambda".equals(alarm.get("Namespace")))
                .collect(Collectors.groupingBy(alarm -> alarm.get("MetricName").toString(),
                        Collectors.mapping(SamTemplateAlarmsTest::functionName, Collectors.toSet())));

        assertThat(functions).contains(processor);
        assertThat(watched.get("Errors")).containsExactlyInAnyOrder(ref(processor), ref("ReconcilerFunction"));
        assertThat(watched.get("Throttles")).containsExactly(ref(processor));
    }

    @Test
    void lambdaAlarmsPageOnAnyErrorOrThrottleButTheReconcilersOnlyWhenItKeepsFailing() {
        DeployedTemplate.declared(ALARM).forEach((id, alarm) -> {
            if ("AWS/Lambda".equals(alarm.get("Namespace"))) {
                assertThat(alarm).as(id).containsEntry("Statistic", "Sum").containsEntry("Threshold", 1)
                        .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
            }
        });
        assertThat(alarm("ReconcilerErrorsAlarm")).containsEntry("Period", 60)
                .containsEntry("EvaluationPeriods", 5)
                .containsEntry("DatapointsToAlarm", 3);
    }

    @Test
    void theApiAlarmWatchesTheShareOfRequestsAnswered5xxOnceThereAreEnoughRequests() {
        Map<String, Object> alarm = alarm("ApiErrorRateAlarm");
        List<Map<String, Object>> stage = List.of(dimension("ApiId", ref("HttpApi")), dimension("Stage", "$default"));
        Map<String, Map<String, Object>> queries = ((List<?>) alarm.get("Metrics")).stream()
                .map(DeployedTemplate::map)
                .collect(Collectors.toMap(query -> query.get("Id").toString(), query -> query));

        assertThat(queries).containsOnlyKeys("errors", "requests", "rate");
        assertThat(metricStat(queries.get("errors"))).containsEntry("MetricName", "5xx")
                .containsEntry("Namespace", "AWS/ApiGateway")
                .containsEntry("Dimensions", stage);
        assertThat(metricStat(queries.get("requests"))).containsEntry("MetricName", "Count")
                .containsEntry("Namespace", "AWS/ApiGateway")
                .containsEntry("Dimensions", stage);
        assertThat(queries.get("errors")).containsEntry("ReturnData", false);
        assertThat(queries.get("requests")).containsEntry("ReturnData", false);
        assertThat(queries.get("rate")).containsEntry("ReturnData", true).containsEntry("Expression",
                new Intrinsic("Fn::Sub", "IF(requests >= ${ApiErrorRateAlarmMinRequests}, 100 * FILL(errors, 0) / requests, 0)"));
        assertThat(alarm).containsEntry("Threshold", ref("ApiErrorRateAlarmPercent"))
                .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                .containsEntry("TreatMissingData", "notBreaching");
        assertThat(DeployedTemplate.parameter("ApiErrorRateAlarmPercent"))
                .containsEntry("MinValue", 0).containsEntry("MaxValue", 100);
        assertThat(DeployedTemplate.parameter("ApiErrorRateAlarmMinRequests")).containsEntry("MinValue", 1);
    }

    @Test
    void withoutAnAlarmTopicNoAlarmNotifiesAnyone() {
        DeployedTemplate deployed = DeployedTemplate.defaults();

        deployed.existing(ALARM).forEach((id, alarm) -> {
            assertThat(alarm).as(id).containsKeys("AlarmActions", "OKActions");
            assertThat(deployed.evaluate(alarm.get("AlarmActions"))).as(id).isNull();
            assertThat(deployed.evaluate(alarm.get("OKActions"))).as(id).isNull();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint", "durable"})
    void withAnAlarmTopicEveryAlarmNotifiesItOnAlarmAndOnOk(String engine) {
        DeployedTemplate deployed = DeployedTemplate.with(Map.of("ProcessorEngine", engine, "AlarmTopicArn", TOPIC));

        assertThat(deployed.existing(ALARM)).hasSize(6).allSatisfy((id, alarm) -> {
            assertThat(deployed.evaluate(alarm.get("AlarmActions"))).as(id).isEqualTo(List.of(TOPIC));
            assertThat(deployed.evaluate(alarm.get("OKActions"))).as(id).isEqualTo(List.of(TOPIC));
        });
    }

    @Test
    void theAlarmTopicParameterTakesOnlyAnSnsTopicArn() {
        SamTemplate template = DeployedTemplate.defaults().template();

        assertThat(template.withParameters(Map.of("AlarmTopicArn", TOPIC)).parameters())
                .containsEntry("AlarmTopicArn", TOPIC);
        assertThatThrownBy(
                        () -> template.withParameters(Map.of("AlarmTopicArn", "hookline-alarms")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("AlarmTopicArn");
    }

    @Test
    void everyAlarmIsNamedAfterTheStackAndTellsWhatToDoPointingToTheReadme() {
        DeployedTemplate.declared(ALARM).forEach((id, alarm) -> {
            assertThat(alarm.get("AlarmName")).as(id).isInstanceOfSatisfying(Intrinsic.class,
                    name -> assertThat(name.argument().toString()).startsWith("${AWS::StackName}-"));
            assertThat(alarm.get("AlarmDescription").toString()).as(id)
                    .contains("First:")
                    .contains("See the README, Operations.")
                    .hasSizeLessThanOrEqualTo(1024);
        });
    }

    private static Map<String, Object> alarm(String id) {
        assertThat(DeployedTemplate.declared(ALARM)).containsKey(id);
        return DeployedTemplate.declared(ALARM).get(id);
    }

    private static Object functionName(Map<String, Object> alarm) {
        List<?> dimensions = (List<?>) alarm.get("Dimensions");
        assertThat(dimensions).hasSize(1);
        Map<String, Object> dimension = map(dimensions.get(0));
        assertThat(dimension).containsEntry("Name", "FunctionName");
        return dimension.get("Value");
    }

    private static Map<String, Object> metricStat(Map<String, Object> query) {
        Map<String, Object> stat = map(query.get("MetricStat"));
        assertThat(stat).containsEntry("Stat", "Sum").containsEntry("Period", 60);
        return map(stat.get("Metric"));
    }

    /** A dimension as the template's YAML reads it. */
    private static Map<String, Object> dimension(String name, Object value) {
        return Map.of("Name", name, "Value", value);
    }
}
