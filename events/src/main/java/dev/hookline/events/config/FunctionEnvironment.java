package dev.hookline.events.config;

import java.util.Map;

/**
 * Everything a handler is built from: its environment variables and its AWS clients. Lambda builds
 * one from the process; the local runtime builds one from {@code template.yaml} and the embedded
 * stand-ins, and hands it to the same handler class.
 */
public record FunctionEnvironment(Map<String, String> variables, AwsClients clients) {

    public FunctionEnvironment {
        variables = Map.copyOf(variables);
    }

    public static FunctionEnvironment lambda() {
        return new FunctionEnvironment(System.getenv(), AwsClients.defaultChain());
    }

    public HooklineSettings settings() {
        return HooklineSettings.from(variables);
    }

    public String variable(String name) {
        return variables.get(name);
    }
}
