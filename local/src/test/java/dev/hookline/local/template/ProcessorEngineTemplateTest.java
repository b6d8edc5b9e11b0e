package dev.hookline.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's template.yaml as SAM would deploy it with each value of {@code ProcessorEngine}:
 * which processor exists and how it is wired, and what each function's role may do.
 */
class ProcessorEngineTemplateTest {

    /** Surefire runs with the module directory as working directory. */
    private static final SamTemplate CHECKPOINT = SamTemplate.read(Path.of("../template.yaml"));
    private static final SamTemplate DURABLE = CHECKPOINT.withParameters(Map.of("ProcessorEngine", "durable"));

    private static final String DURABLE_EXECUTIONS =
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-durable-processor:*";
    private static final String TABLE = "${ExecutionsTable.Arn}";
    private static final String QUEUE = "${WebhookQueue.Arn}";

    @Test
    void checkpointIsTheDefaultEngineAndRunsTheProcessorHandlerOnAPlainFunction() {
        assertThat(CHECKPOINT.parameters()).containsEntry("ProcessorEngine", "checkpoint");
        assertThat(ids(CHECKPOINT)).containsExactly(
                "IngestFunction", "ProcessorFunction", "ReconcilerFunction", "StatusFunction", "ExecutionsFunction");

        FunctionSpec processor = function(CHECKPOINT, "ProcessorFunction");
        assertThat(processor.handlerClass()).isEqualTo("dev.hookline.processor.ProcessorHandler");
        assertThat(processor.isDurable()).isFalse();
        assertThat(processor.functionName()).isNull();
        assertThat(variable(CHECKPOINT, processor, "HOOKLINE_LEASE_SECONDS")).isEqualTo("90");
    }

    @Test
    void durableEngineReplacesTheProcessorWithADurableFunctionRunningTheSdkHandler() {
        assertThat(ids(DURABLE)).containsExactly(
                "IngestFunction", "DurableProcessorFunction", "ReconcilerFunction", "StatusFunction",
                "ExecutionsFunction");

        FunctionSpec processor = function(DURABLE, "DurableProcessorFunction");
        assertThat(processor.handlerClass()).isEqualTo("dev.hookline.processor.sdk.DurableWebhookHandler");
        assertThat(processor.durableConfig()).isEqualTo(new DurableConfigSpec(900, 7));
        assertThat(processor.autoPublishAlias()).isEqualTo("live");
        assertThat(processor.timeoutSeconds()).isEqualTo(60);
        assertThat(processor.functionName()).isEqualTo("${AWS::StackName}-durable-processor");
        assertThat(processor.environment()).containsKey("HOOKLINE_SOURCES_SECRET")
                .as("it runs every record of a batch at once").doesNotContainKey("HOOKLINE_BATCH_PARALLELISM");
    }

    @Test
    void durableEnginesMappingInvokesTheLiveAliasWithTheCheckpointEnginesBatchSettings() {
        SqsTrigger checkpoint = function(CHECKPOINT, "ProcessorFunction").sqsTriggers().get(0);

        assertThat(function(DURABLE, "DurableProcessorFunction").sqsTriggers()).singleElement().satisfies(trigger -> {
            assertThat(trigger).isEqualTo(new SqsTrigger("WebhookQueue", 10, 0, true, 4, "live"));
            assertThat(trigger.targetsAlias()).isTrue();
            assertThat(trigger).isEqualTo(checkpoint);
        });
    }

    @Test
    void theWholeDurableExecutionFitsTheMappingsFifteenMinutesAndTheClaimAndQueueOutliveIt() {
        FunctionSpec processor = function(DURABLE, "DurableProcessorFunction");
        int executionTimeout = processor.durableConfig().executionTimeoutSeconds();

        assertThat(executionTimeout).isLessThanOrEqualTo(15 * 60);
        assertThat(Integer.parseInt(variable(DURABLE, processor, "HOOKLINE_LEASE_SECONDS")))
                .isEqualTo(960).isGreaterThan(executionTimeout);
        assertThat(queue(DURABLE).visibilityTimeoutSeconds()).isEqualTo(960).isGreaterThan(executionTimeout);
        assertThat(queue(CHECKPOINT).visibilityTimeoutSeconds()).isEqualTo(360);
        assertThat(queue(CHECKPOINT.withParameters(Map.of("QueueVisibilityTimeout", "400"))).visibilityTimeoutSeconds())
                .isEqualTo(400);
    }

    @Test
    void theDurableFunctionMayCheckpointOnlyExecutionsOfItsOwnVersions() {
        FunctionSpec processor = function(DURABLE, "DurableProcessorFunction");

        assertThat(processor.policyStatements())
                .filteredOn(statement -> statement.actions().stream().anyMatch(action -> action.startsWith("lambda:")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(statement.effect()).isEqualTo("Allow");
                    assertThat(statement.actions()).containsExactly(
                            "lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState");
                    assertThat(statement.resources()).containsExactly(DURABLE_EXECUTIONS);
                    assertThat(statement.resources().get(0)).endsWith(":function:" + processor.functionName() + ":*");
                });
    }

    @Test
    void everyFunctionPublishesTheLiveAliasSoSnapStartAppliesAndEveryMappingInvokesIt() {
        for (SamTemplate template : List.of(CHECKPOINT, DURABLE)) {
            assertThat(template.functions()).allSatisfy(function -> {
                assertThat(function.autoPublishAlias()).as(function.logicalId()).isEqualTo("live");
                assertThat(function.sqsTriggers()).allMatch(SqsTrigger::targetsAlias);
            });
        }
    }

    @Test
    void noFunctionUsesAPolicyTemplateOrAWildcard() {
        for (SamTemplate template : List.of(CHECKPOINT, DURABLE)) {
            assertThat(template.functions()).allSatisfy(function -> {
                assertThat(function.policyTemplates()).as(function.logicalId()).isEmpty();
                assertThat(function.policyStatements()).as(function.logicalId()).isNotEmpty().allSatisfy(statement -> {
                    assertThat(statement.effect()).isEqualTo("Allow");
                    assertThat(statement.actions()).noneMatch(action -> action.contains("*"));
                    assertThat(statement.resources()).isNotEmpty().noneMatch(resource -> resource.equals("*"));
                });
            });
        }
        assertThat(Stream.of(CHECKPOINT, DURABLE).flatMap(template -> template.functions().stream())
                .flatMap(function -> function.policyTemplates().stream()))
                .doesNotContain("DynamoDBCrudPolicy");
    }

    private static final List<String> INDEXES = List.of(TABLE + "/index/BySource", TABLE + "/index/ByAttention");

    @Test
    void eachFunctionMayMakeExactlyTheDynamoDbCallsItsCodeMakes() {
        assertThat(actions(CHECKPOINT, "IngestFunction", "dynamodb:", TABLE))
                .containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem");
        assertThat(actions(CHECKPOINT, "ProcessorFunction", "dynamodb:", TABLE))
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:UpdateItem");
        assertThat(actions(DURABLE, "DurableProcessorFunction", "dynamodb:", TABLE))
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:UpdateItem");
        assertThat(actions(CHECKPOINT, "StatusFunction", "dynamodb:", TABLE)).containsExactly("dynamodb:GetItem");
        for (String index : INDEXES) {
            assertThat(actions(CHECKPOINT, "ExecutionsFunction", "dynamodb:", index)).as(index)
                    .containsExactly("dynamodb:Query");
            assertThat(actions(CHECKPOINT, "ReconcilerFunction", "dynamodb:", index)).as(index)
                    .containsExactly("dynamodb:Query");
        }
        assertThat(actions(CHECKPOINT, "ExecutionsFunction", "dynamodb:", TABLE))
                .as("the listed executions, and SnapStart priming's one record")
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:BatchGetItem");
        assertThat(actions(CHECKPOINT, "ReconcilerFunction", "dynamodb:", TABLE))
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:UpdateItem");
        for (SamTemplate template : List.of(CHECKPOINT, DURABLE)) {
            assertThat(template.functions()).allSatisfy(function -> assertThat(function.policyStatements())
                    .filteredOn(statement -> statement.actions().stream().anyMatch(a -> a.startsWith("dynamodb:")))
                    .flatExtracting(IamStatement::resources)
                    .allMatch(resource -> resource.equals(TABLE) || INDEXES.contains(resource)));
        }
    }

    @Test
    void ingestMayOnlySendToTheQueueAndTheProcessorsOnlyConsumeIt() {
        assertThat(actions(CHECKPOINT, "IngestFunction", "sqs:", QUEUE)).containsExactly("sqs:SendMessage");
        List<String> consume = List.of(
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility");
        assertThat(actions(CHECKPOINT, "ProcessorFunction", "sqs:", QUEUE)).containsExactlyInAnyOrderElementsOf(consume);
        assertThat(actions(DURABLE, "DurableProcessorFunction", "sqs:", QUEUE))
                .containsExactlyInAnyOrderElementsOf(consume);
        assertThat(actions(CHECKPOINT, "StatusFunction", "sqs:", QUEUE)).isEmpty();
        assertThat(actions(CHECKPOINT, "ExecutionsFunction", "sqs:", QUEUE)).isEmpty();
    }

    @Test
    void withSourcesSecretArnAtItsDefaultTheStackCreatesTheSecretEveryFunctionReads() {
        assertThat(CHECKPOINT.parameters()).containsEntry("SourcesSecretArn", "");
        assertThat(CHECKPOINT.secrets()).extracting(SecretSpec::logicalId).containsExactly("SourcesSecret");

        for (SamTemplate template : List.of(CHECKPOINT, DURABLE)) {
            assertThat(template.functions()).allSatisfy(function -> {
                assertThat(variable(template, function, "HOOKLINE_SOURCES_SECRET")).isEqualTo("${SourcesSecret}");
                assertThat(secretResources(function)).allMatch("${SourcesSecret}"::equals);
            });
        }
        assertThat(secretResources(function(CHECKPOINT, "IngestFunction"))).containsExactly("${SourcesSecret}");
        assertThat(secretResources(function(CHECKPOINT, "ProcessorFunction"))).containsExactly("${SourcesSecret}");
        assertThat(secretResources(function(DURABLE, "DurableProcessorFunction"))).containsExactly("${SourcesSecret}");
    }

    @Test
    void aGivenSourcesSecretArnReplacesTheCreatedSecretEverywhere() {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hookline-sources-AbCdEf";
        SamTemplate own = DURABLE.withParameters(Map.of("SourcesSecretArn", arn));

        assertThat(own.secrets()).isEmpty();
        assertThat(own.functions()).allSatisfy(function -> {
            assertThat(variable(own, function, "HOOKLINE_SOURCES_SECRET")).isEqualTo(arn);
            assertThat(secretResources(function)).allMatch(arn::equals);
        });
    }

    @Test
    void anEngineTheTemplateDoesNotOfferIsRefused() {
        assertThatThrownBy(() -> CHECKPOINT.withParameters(Map.of("ProcessorEngine", "sdk")))
                .isInstanceOf(TemplateException.class)
                .hasMessage("parameter ProcessorEngine must be one of checkpoint, durable; got 'sdk'");
    }

    @Test
    void noFunctionRunsTheValidatorOnItsOwn() {
        assertThat(Stream.of(CHECKPOINT, DURABLE).flatMap(template -> template.functions().stream()))
                .extracting(FunctionSpec::handlerClass)
                .noneMatch(handler -> handler.startsWith("dev.hookline.validator."));
    }

    private static List<String> ids(SamTemplate template) {
        return template.functions().stream().map(FunctionSpec::logicalId).toList();
    }

    private static FunctionSpec function(SamTemplate template, String logicalId) {
        return template.functions().stream()
                .filter(function -> function.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no function " + logicalId + " in " + ids(template)));
    }

    private static QueueSpec queue(SamTemplate template) {
        return template.queues().stream().filter(q -> q.logicalId().equals("WebhookQueue")).findFirst().orElseThrow();
    }

    /** The actions with this prefix the function may take on this resource. */
    private static List<String> actions(SamTemplate template, String function, String prefix, String resource) {
        return function(template, function).policyStatements().stream()
                .filter(statement -> statement.resources().contains(resource))
                .flatMap(statement -> statement.actions().stream())
                .filter(action -> action.startsWith(prefix))
                .toList();
    }

    private static List<String> secretResources(FunctionSpec function) {
        return function.policyStatements().stream()
                .filter(statement -> statement.actions().contains("secretsmanager:GetSecretValue"))
                .flatMap(statement -> statement.resources().stream())
                .toList();
    }

    /** An environment variable as deployment would set it, other resources named as {@code ${Name}}. */
    private static String variable(SamTemplate template, FunctionSpec function, String name) {
        assertThat(function.environment()).containsKey(name);
        return SamTemplate.resolve(function.environment().get(name), new SamTemplate.Resolver() {
            @Override
            public String ref(String reference) {
                return template.parameters().getOrDefault(reference, "${" + reference + "}");
            }

            @Override
            public String attribute(String logicalId, String attribute) {
                return "${" + logicalId + "." + attribute + "}";
            }
        });
    }
}
