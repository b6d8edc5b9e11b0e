package dev.hookline.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.json.Json;
import dev.hookline.validator.rules.RulesLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorHandlerTest {

    private final ValidatorHandler handler = new ValidatorHandler(Validator.withDefaultRules());

    @Test
    void handlerReadsTypeFromMapPayloadAndAgreesWithValidator() {
        Map<String, Object> order = Map.of("type", "order", "amount", 12);

        ValidationResult fromHandler = handler.handleRequest(order, null);

        assertThat(fromHandler).isEqualTo(Validator.withDefaultRules()
                .validate("order", Json.tree("{\"type\":\"order\",\"amount\":12}")));
        assertThat(fromHandler.violations()).extracting(Violation::rule).containsExactly("order.schema.required");
    }

    @Test
    void handlerAcceptsValidMapPayload() {
        assertThat(handler.handleRequest(Map.of("type", "payment", "transactionId", "t-1"), null).valid()).isTrue();
    }

    @Test
    void handlerTreatsMissingOrNonTextTypeAsMissing() {
        Map<String, Object> numericType = new HashMap<>();
        numericType.put("type", 7);

        assertThat(handler.handleRequest(Map.of("orderId", "o-1"), null).violations())
                .extracting(Violation::rule).containsExactly("type.required");
        assertThat(handler.handleRequest(numericType, null).violations())
                .extracting(Violation::rule).containsExactly("type.required");
    }

    @Test
    void handlerBuiltFromTheEnvironmentUsesItsRulesFile(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "eventTypes: { refund: {} }");
        ValidatorHandler fromEnvironment = new ValidatorHandler(
                new FunctionEnvironment(Map.of(RulesLocation.RULES_FILE, rules.toString()), null));

        assertThat(fromEnvironment.handleRequest(Map.of("type", "refund"), null).valid()).isTrue();
        assertThat(fromEnvironment.handleRequest(Map.of("type", "order", "orderId", "o-1"), null).violations())
                .extracting(Violation::rule).containsExactly("type.allowed");
    }

    @Test
    void lambdaConstructorStartsWithTheBundledRules() {
        assumeTrue(System.getenv(RulesLocation.RULES_FILE) == null, "this JVM names a rules file");

        assertThat(new ValidatorHandler().handleRequest(Map.of("type", "order"), null).violations())
                .extracting(Violation::message).containsExactly("order: $.orderId is required");
    }
}
