package dev.hookline.validator.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.config.FunctionEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesLocationTest {

    @Test
    void withoutARulesFileTheBundledDefaultsApply() {
        assertThat(RulesLocation.load(environment(Map.of())).eventTypes())
                .containsExactly("order", "payment", "system", "user");
        assertThat(RulesLocation.load(environment(Map.of(RulesLocation.RULES_FILE, "  "))))
                .isSameAs(RulesLocation.defaults());
    }

    @Test
    void rulesFileReplacesTheDefaults(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("rules.yaml"), """
                eventTypes:
                  refund:
                    schema: { required: [refundId] }
                """);

        ValidationRules rules = RulesLocation.load(environment(Map.of(RulesLocation.RULES_FILE, file.toString())));

        assertThat(rules.eventTypes()).containsExactly("refund");
    }

    @Test
    void missingRulesFileIsRefusedRatherThanFallingBackToTheDefaults(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> RulesLocation.load(environment(Map.of(RulesLocation.RULES_FILE, missing.toString()))))
                .isInstanceOf(RulesConfigurationException.class)
                .hasMessageContaining(missing.toString());
    }

    private static FunctionEnvironment environment(Map<String, String> variables) {
        return new FunctionEnvironment(variables, null);
    }
}
