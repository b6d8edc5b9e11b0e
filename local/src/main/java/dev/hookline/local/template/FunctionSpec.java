package dev.hookline.local.template;

import java.util.List;
import java.util.Map;

/**
 * A Lambda function as the template declares it, with its globals and the template's conditions
 * applied.
 *
 * @param handlerClass the class named by {@code Handler}, without the method
 * @param environment environment variables, conditions applied ({@code Fn::If} chosen, {@code AWS::NoValue}
 *     left out) but references still unresolved
 * @param functionName the explicit {@code FunctionName}, rendered as {@link IamStatement} renders
 *     resources, or {@code null} when CloudFormation names it
 * @param autoPublishAlias the alias SAM publishes a version under on each deploy and points the
 *     function's events at, or {@code null}
 * @param durableConfig its {@code DurableConfig} when it is a Lambda durable function, or {@code null}
 * @param policyStatements the statements of its inline {@code Statement} policies
 * @param policyTemplates every other entry of {@code Policies}: SAM policy template names (such as
 *     {@code DynamoDBReadPolicy}) and managed policy names or ARNs
 */
public record FunctionSpec(
        String logicalId,
        String handlerClass,
        int timeoutSeconds,
        Map<String, Object> environment,
        List<HttpRoute> routes,
        List<SqsTrigger> sqsTriggers,
        List<ScheduleTrigger> schedules,
        String functionName,
        String autoPublishAlias,
        DurableConfigSpec durableConfig,
        List<IamStatement> policyStatements,
        List<String> policyTemplates) {

    public FunctionSpec {
        routes = List.copyOf(routes);
        sqsTriggers = List.copyOf(sqsTriggers);
        schedules = List.copyOf(schedules);
        policyStatements = List.copyOf(policyStatements);
        policyTemplates = List.copyOf(policyTemplates);
    }

    /** Whether it is a Lambda durable function, which only AWS Lambda runs. */
    public boolean isDurable() {
        return durableConfig != null;
    }
}
