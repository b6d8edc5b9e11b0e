package dev.hookline.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.json.Json;
import dev.hookline.validator.rules.RequiredField;
import dev.hookline.validator.rules.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorTest {

    private final Validator validator = Validator.withDefaultRules();

    @Test
    void validOrderPasses() {
        ValidationResult result = validator.validate("order", Json.tree("{\"type\":\"order\",\"orderId\":\"o-1\"}"));

        assertThat(result.valid()).isTrue();
        assertThat(result.violations()).isEmpty();
    }

    @Test
    void validPaymentPasses() {
        assertThat(validator.validate("payment", Json.tree("{\"type\":\"payment\",\"transactionId\":\"t-9\"}")).valid())
                .isTrue();
    }

    @Test
    void orderWithoutOrderIdFailsTheOrderIdRule() {
        ValidationResult result = validator.validate("order", Json.tree("{\"type\":\"order\"}"));

        assertThat(result.valid()).isFalse();
        assertThat(result.violations()).extracting(Violation::rule).containsExactly("order.orderId.required");
        assertThat(result.violations().get(0).message()).contains("orderId");
    }

    @Test
    void orderWithBlankOrNullOrderIdFails() {
        assertThat(validator.validate("order", Json.tree("{\"type\":\"order\",\"orderId\":\"   \"}")).violations())
                .extracting(Violation::rule).containsExactly("order.orderId.required");
        assertThat(validator.validate("order", Json.tree("{\"type\":\"order\",\"orderId\":null}")).violations())
                .extracting(Violation::rule).containsExactly("order.orderId.required");
    }

    @Test
    void paymentWithoutTransactionIdFails() {
        ValidationResult result = validator.validate("payment", Json.tree("{\"type\":\"payment\",\"orderId\":\"o-1\"}"));

        assertThat(result.violations()).extracting(Violation::rule).containsExactly("payment.transactionId.required");
    }

    @Test
    void unknownTypeFailsNamingTheAcceptedTypes() {
        ValidationResult result = validator.validate("refund", Json.tree("{\"type\":\"refund\"}"));

        assertThat(result.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo("type.allowed");
            assertThat(violation.message()).contains("'refund'").contains("order, payment, system, user");
        });
    }

    @Test
    void missingTypeFails() {
        ValidationResult result = validator.validate(null, Json.tree("{\"orderId\":\"o-1\"}"));

        assertThat(result.violations()).extracting(Violation::rule).containsExactly("type.required");
    }

    @Test
    void everyBrokenRuleIsReportedNotJustTheFirst() {
        List<Rule> rules = new ArrayList<>(Validator.DEFAULT_RULES);
        rules.add(new RequiredField("order", "customerId"));
        Validator stricter = new Validator(rules);

        ValidationResult result = stricter.validate("order", Json.tree("{\"type\":\"order\",\"orderId\":\"\"}"));

        assertThat(result.valid()).isFalse();
        assertThat(result.violations()).hasSize(2).extracting(Violation::rule)
                .containsExactly("order.orderId.required", "order.customerId.required");
    }

    @Test
    void handlerReadsTypeFromMapPayloadAndAgreesWithValidator() {
        Map<String, Object> order = Map.of("type", "order", "amount", 12);

        ValidationResult fromHandler = new ValidatorHandler().handleRequest(order, null);

        assertThat(fromHandler).isEqualTo(validator.validate("order", Json.tree("{\"type\":\"order\",\"amount\":12}")));
        assertThat(fromHandler.violations()).extracting(Violation::rule).containsExactly("order.orderId.required");
    }

    @Test
    void handlerAcceptsValidMapPayload() {
        ValidationResult result = new ValidatorHandler()
                .handleRequest(Map.of("type", "payment", "transactionId", "t-1"), null);

        assertThat(result.valid()).isTrue();
    }

    @Test
    void handlerTreatsMissingOrNonTextTypeAsMissing() {
        Map<String, Object> numericType = new HashMap<>();
        numericType.put("type", 7);

        assertThat(new ValidatorHandler().handleRequest(Map.of("orderId", "o-1"), null).violations())
                .extracting(Violation::rule).containsExactly("type.required");
        assertThat(new ValidatorHandler().handleRequest(numericType, null).violations())
                .extracting(Violation::rule).containsExactly("type.required");
    }
}
