package dev.hookline.local.template;

import java.util.List;
import java.util.Map;

/**
 * A Lambda function as the template declares it, with its globals applied.
 *
 * @param handlerClass the class named by {@code Handler}, without the method
 * @param environment environment variables, values still unresolved
 */
public record FunctionSpec(
        String logicalId,
        String handlerClass,
        int timeoutSeconds,
        Map<String, Object> environment,
        List<HttpRoute> routes,
        List<SqsTrigger> sqsTriggers) {
}
