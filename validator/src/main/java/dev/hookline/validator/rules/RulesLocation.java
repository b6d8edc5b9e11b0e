package dev.hookline.validator.rules;

import dev.hookline.events.config.FunctionEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Finds the validation rules a function was deployed with: the file named by
 * {@value #RULES_FILE} when it is set, otherwise the seed rules bundled with the validator.
 */
public final class RulesLocation {

    /** Path of a YAML or JSON rules document that replaces the bundled defaults. */
    public static final String RULES_FILE = "HOOKLINE_RULES_FILE";

    private static final String DEFAULT_RULES_RESOURCE = "/dev/hookline/validator/default-rules.yaml";

    private RulesLocation() {
    }

    public static ValidationRules load(FunctionEnvironment environment) {
        String file = environment.variable(RULES_FILE);
        if (file != null && !file.isBlank()) {
            return ValidationRules.fromFile(Path.of(file));
        }
        return defaults();
    }

    /** The bundled seed rules: order, payment, user and system events, with an id on orders and payments. */
    public static ValidationRules defaults() {
        return Defaults.RULES;
    }

    // Compiled on first use and shared: the rules are immutable, and every caller would compile the same schemas.
    private static final class Defaults {
        private static final ValidationRules RULES = ValidationRules.parse(bundledDocument());

        private static String bundledDocument() {
            try (InputStream in = RulesLocation.class.getResourceAsStream(DEFAULT_RULES_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(DEFAULT_RULES_RESOURCE + " is missing from the validator jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
