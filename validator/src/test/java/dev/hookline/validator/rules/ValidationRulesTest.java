package dev.hookline.validator.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationRulesTest {

    @Test
    void everyListedTypeIsAcceptedInAlphabeticalOrder() {
        ValidationRules rules = ValidationRules.parse("""
                eventTypes:
                  user: {}
                  order: { schema: { type: object } }
                  audit:
                """);

        assertThat(rules.eventTypes()).containsExactly("audit", "order", "user");
        assertThat(rules.find("audit")).get().satisfies(rule ->
                assertThat(rule.check(Json.tree("{\"anything\":1}"))).isEmpty());
        assertThat(rules.find("refund")).isEmpty();
    }

    @Test
    void jsonDocumentIsAccepted() {
        ValidationRules rules = ValidationRules.parse(
                "{\"eventTypes\":{\"order\":{\"schema\":{\"required\":[\"orderId\"]}}}}");

        assertThat(rules.find("order")).get().satisfies(rule ->
                assertThat(rule.check(Json.tree("{}"))).hasSize(1));
    }

    @Test
    void documentThatIsNotYamlIsRefused() {
        assertThatThrownBy(() -> ValidationRules.parse("eventTypes: { order: [unclosed"))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessageStartingWith("the rules document is not valid YAML or JSON at line");
    }

    @Test
    void documentWithoutEventTypesIsRefused() {
        for (String document : new String[] {"", "rules: {}", "eventTypes: {}", "eventTypes: [order]"}) {
            assertThatThrownBy(() -> ValidationRules.parse(document))
                    .as(document)
                    .isInstanceOf(RulesConfigurationException.class)
                    .hasMessageContaining("non-empty 'eventTypes:' mapping");
        }
    }

    @Test
    void eventTypeDefinedTwiceIsRefused() {
        assertThatThrownBy(() -> ValidationRules.parse("eventTypes:\n  order: {}\n  order: {}\n"))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessageContaining("order");
    }

    @Test
    void eventTypeThatIsNotAMappingIsRefusedNamingTheType() {
        assertThatThrownBy(() -> ValidationRules.parse("eventTypes: { order: yes-please }"))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessageStartingWith("event type 'order' must be a mapping");
    }

    @Test
    void misspeltSettingIsRefusedNamingTheType() {
        assertThatThrownBy(() -> ValidationRules.parse("eventTypes: { order: { shcema: { required: [orderId] } } }"))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessage("event type 'order' has unknown setting 'shcema'; the only setting is 'schema'");
    }

    @Test
    void schemaThatIsNotAnObjectIsRefusedNamingTheType() {
        assertThatThrownBy(() -> ValidationRules.parse("eventTypes: { user: {}, order: { schema: [orderId] } }"))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessage("event type 'order': 'schema' must be a JSON Schema object (a mapping), not array");
    }

    @Test
    void schemaThatBreaksItsMetaSchemaIsRefusedNamingTheTypeAndTheMistake() {
        assertThatThrownBy(() -> ValidationRules.parse("eventTypes: { order: { schema: { required: orderId } } }"))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessageStartingWith("event type 'order': the schema is not valid JSON Schema:")
                .hasMessageContaining("$.required: string found, array expected");
    }

    @Test
    void misspeltKeywordIsRefusedNamingTheType() {
        assertThatThrownBy(() -> ValidationRules.parse(
                "eventTypes: { order: { schema: { properties: { orderId: { minLenght: 1 } } } } }"))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessageStartingWith("event type 'order': the schema cannot be compiled:")
                .hasMessageContaining("'minLenght' is unknown");
    }

    @Test
    void unresolvableReferenceIsRefusedNamingTheType() {
        assertThatThrownBy(() -> ValidationRules.parse(
                "eventTypes: { order: { schema: { properties: { orderId: { $ref: '#/$defs/missing' } } } } }"))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessage("event type 'order': the schema cannot be compiled: "
                        + "Reference /$defs/missing cannot be resolved");
    }

    @Test
    void unreadableFileIsRefusedNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> ValidationRules.fromFile(missing))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessageStartingWith("cannot read rules file " + missing);
    }

    @Test
    void fileIsParsedLikeADocument(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("rules.json"), "{\"eventTypes\":{\"refund\":{}}}");

        assertThat(ValidationRules.fromFile(file).eventTypes()).containsExactly("refund");
    }
}
