package dev.hookline.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conditions as CloudFormation applies them: to whole resources, and through {@code Fn::If} to values. */
class SamTemplateConditionsTest {

    private static final SamTemplate TEMPLATE = SamTemplate.parse("""
            Parameters:
              Mode:
                Type: String
                Default: small
                AllowedValues: [small, large]
              Extra:
                Type: String
                Default: ""
            Conditions:
              Large: !Equals [!Ref Mode, large]
              Small: !Not [!Condition Large]
              HasExtra: !Not [!Equals [!Ref Extra, ""]]
            Globals:
              Function:
                AutoPublishAlias: live
                Environment:
                  Variables:
                    FROM_GLOBALS: !If [Large, !Ref BigTable, !Ref SmallTable]
            Resources:
              SmallTable:
                Type: AWS::DynamoDB::Table
                Condition: Small
                Properties:
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
              BigTable:
                Type: AWS::DynamoDB::Table
                Condition: Large
                Properties:
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: !If [Large, 900, 60]
              SmallFn:
                Type: AWS::Serverless::Function
                Condition: Small
                Properties:
                  Handler: example.Small::handleRequest
                  Environment:
                    Variables:
                      OPTIONAL: !If [HasExtra, !Ref Extra, !Ref AWS::NoValue]
                      LONG_FORM: {"Fn::If": [Large, big, small]}
                  Policies:
                    - DynamoDBReadPolicy:
                        TableName: !Ref SmallTable
                    - AWSLambdaRole
                    - Statement:
                        Effect: Allow
                        Action: dynamodb:GetItem
                        Resource: !If [Large, !GetAtt BigTable.Arn, !GetAtt SmallTable.Arn]
              BigFn:
                Type: AWS::Serverless::Function
                Condition: Large
                Properties:
                  Handler: example.Big::handleRequest
                  FunctionName: !Sub "${AWS::StackName}-big"
                  AutoPublishAlias: prod
                  Timeout: !If [Large, 120, 30]
                  DurableConfig:
                    ExecutionTimeout: 300
                  Events:
                    Work:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Queue.Arn
            """);

    private static final SamTemplate LARGE = TEMPLATE.withParameters(Map.of("Mode", "large"));

    @Test
    void aResourceWhoseConditionIsFalseDoesNotExist() {
        assertThat(TEMPLATE.tables()).extracting(TableSpec::logicalId).containsExactly("SmallTable");
        assertThat(TEMPLATE.functions()).extracting(FunctionSpec::logicalId).containsExactly("SmallFn");

        assertThat(LARGE.tables()).extracting(TableSpec::logicalId).containsExactly("BigTable");
        assertThat(LARGE.functions()).extracting(FunctionSpec::logicalId).containsExactly("BigFn");
    }

    @Test
    void fnIfChoosesANumberByItsCondition() {
        assertThat(TEMPLATE.queues().get(0).visibilityTimeoutSeconds()).isEqualTo(60);
        assertThat(LARGE.queues().get(0).visibilityTimeoutSeconds()).isEqualTo(900);
        assertThat(LARGE.functions().get(0).timeoutSeconds()).isEqualTo(120);
    }

    @Test
    void fnIfInAnEnvironmentVariableLeavesTheChosenReferenceForTheLocalResources() {
        Map<String, Object> small = TEMPLATE.functions().get(0).environment();

        assertThat(small).containsEntry("FROM_GLOBALS", new Intrinsic("Ref", "SmallTable"))
                .containsEntry("LONG_FORM", "small")
                .doesNotContainKey("OPTIONAL");
        assertThat(TEMPLATE.withParameters(Map.of("Extra", "x")).functions().get(0).environment())
                .containsEntry("OPTIONAL", new Intrinsic("Ref", "Extra"));
        assertThat(LARGE.functions().get(0).environment()).containsEntry("FROM_GLOBALS", new Intrinsic("Ref", "BigTable"));
    }

    @Test
    void policiesSplitIntoInlineStatementsAndNamedPolicies() {
        FunctionSpec small = TEMPLATE.functions().get(0);

        assertThat(small.policyTemplates()).containsExactly("DynamoDBReadPolicy", "AWSLambdaRole");
        assertThat(small.policyStatements()).containsExactly(
                new IamStatement("Allow", List.of("dynamodb:GetItem"), List.of("${SmallTable.Arn}")));
    }

    @Test
    void aliasDurableConfigAndFunctionNameAreRead() {
        FunctionSpec small = TEMPLATE.functions().get(0);
        FunctionSpec big = LARGE.functions().get(0);

        assertThat(small.autoPublishAlias()).as("from Globals").isEqualTo("live");
        assertThat(small.isDurable()).isFalse();
        assertThat(small.functionName()).isNull();
        assertThat(big.autoPublishAlias()).isEqualTo("prod");
        assertThat(big.durableConfig()).isEqualTo(new DurableConfigSpec(300, DurableConfigSpec.DEFAULT_RETENTION_DAYS));
        assertThat(big.functionName()).isEqualTo("${AWS::StackName}-big");
        assertThat(big.sqsTriggers()).singleElement().extracting(SqsTrigger::alias).isEqualTo("prod");
    }

    @Test
    void aValueOutsideAllowedValuesIsRefused() {
        assertThatThrownBy(() -> TEMPLATE.withParameters(Map.of("Mode", "huge")))
                .isInstanceOf(TemplateException.class)
                .hasMessage("parameter Mode must be one of small, large; got 'huge'");
    }
}
