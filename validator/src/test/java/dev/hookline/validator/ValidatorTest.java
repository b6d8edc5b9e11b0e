package dev.hookline.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.json.Json;
import dev.hookline.validator.rules.RulesLocation;
import dev.hookline.validator.rules.ValidationRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void userAndSystemEventsAcceptAnyPayload() {
        assertThat(validator.validate("user", Json.tree("{\"type\":\"user\"}")).valid()).isTrue();
        assertThat(validator.validate("system", Json.tree("[1, 2]")).valid()).isTrue();
    }

    @Test
    void orderWithoutOrderIdIsRejectedNamingTheField() {
        ValidationResult result = validator.validate("order", Json.tree("{\"type\":\"order\"}"));

        assertThat(result.valid()).isFalse();
        assertThat(result.violations()).containsExactly(
                new Violation("order.schema.required", "order: $.orderId is required"));
    }

    @Test
    void orderWithEmptyOrNullOrderIdIsRejected() {
        assertThat(validator.validate("order", Json.tree("{\"type\":\"order\",\"orderId\":\"\"}")).violations())
                .containsExactly(new Violation("order.schema.properties.orderId.minLength",
                        "order: $.orderId: must be at least 1 characters long"));
        assertThat(validator.validate("order", Json.tree("{\"type\":\"order\",\"orderId\":null}")).violations())
                .containsExactly(new Violation("order.schema.properties.orderId.type",
                        "order: $.orderId: null found, string expected"));
    }

    @Test
    void paymentWithoutTransactionIdIsRejectedNamingTheField() {
        ValidationResult result = validator.validate("payment", Json.tree("{\"type\":\"payment\",\"orderId\":\"o-1\"}"));

        assertThat(result.violations()).containsExactly(
                new Violation("payment.schema.required", "payment: $.transactionId is required"));
    }

    @Test
    void unknownTypeListsTheAcceptedTypes() {
        ValidationResult result = validator.validate("refund", Json.tree("{\"type\":\"refund\"}"));

        assertThat(result.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo("type.allowed");
            assertThat(violation.message()).contains("'refund'").endsWith("use one of order, payment, system, user");
        });
    }

    @Test
    void missingTypeListsTheAcceptedTypes() {
        ValidationResult result = validator.validate(null, Json.tree("{\"orderId\":\"o-1\"}"));

        assertThat(result.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo("type.required");
            assertThat(violation.message()).endsWith("one of order, payment, system, user");
        });
    }

    @Test
    void everyViolatedRuleIsListed() {
        Validator strict = new Validator(ValidationRules.parse("""
                eventTypes:
                  order:
                    schema:
                      type: object
                      required: [orderId, customerId]
                      properties:
                        orderId: { type: string, minLength: 1 }
                        amount: { type: number, minimum: 0 }
                        customer:
                          type: object
                          required: [email]
                """));

        ValidationResult result = strict.validate("order",
                Json.tree("{\"orderId\":\"\",\"amount\":-5,\"customer\":{}}"));

        assertThat(result.violations()).extracting(Violation::rule).containsExactlyInAnyOrder(
                "order.schema.required",
                "order.schema.properties.orderId.minLength",
                "order.schema.properties.amount.minimum",
                "order.schema.properties.customer.required");
        assertThat(result.violations()).extracting(Violation::message).contains(
                "order: $.customerId is required",
                "order: $.customer.email is required",
                "order: $.amount: must have a minimum value of 0");
    }

    @Test
    void formatIsCheckedNotOnlyAnnotated() {
        Validator withFormat = new Validator(ValidationRules.parse(
                "eventTypes: { user: { schema: { properties: { email: { type: string, format: email } } } } }"));

        assertThat(withFormat.validate("user", Json.tree("{\"email\":\"a@example.com\"}")).valid()).isTrue();
        assertThat(withFormat.validate("user", Json.tree("{\"email\":\"not an address\"}")).violations())
                .extracting(Violation::rule).containsExactly("user.schema.properties.email.format");
    }

    @Test
    void schemaNamingAnotherDraftIsValidatedByThatDraft() {
        Validator draft7 = new Validator(ValidationRules.parse("""
                eventTypes:
                  order:
                    schema:
                      $schema: "http://json-schema.org/draft-07/schema#"
                      definitions: { id: { type: string } }
                      properties: { orderId: { $ref: "#/definitions/id" } }
                """));

        assertThat(draft7.validate("order", Json.tree("{\"orderId\":\"o-1\"}")).valid()).isTrue();
        assertThat(draft7.validate("order", Json.tree("{\"orderId\":7}")).violations())
                .extracting(Violation::message).containsExactly("order: $.orderId: integer found, string expected");
    }

    @Test
    void aValidatorBuiltFromTheEnvironmentUsesTheRulesFileItNames(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "eventTypes: { refund: {} }");
        Validator fromEnvironment = Validator.fromEnvironment(
                new FunctionEnvironment(Map.of(RulesLocation.RULES_FILE, rules.toString()), null));

        assertThat(fromEnvironment.validate("refund", Json.tree("{\"type\":\"refund\"}")).valid()).isTrue();
        assertThat(fromEnvironment.validate("order", Json.tree("{\"type\":\"order\",\"orderId\":\"o-1\"}"))
                .violations()).extracting(Violation::rule).containsExactly("type.allowed");
    }
}
