package dev.hookline.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository's template.yaml as CloudFormation would read the resources the local runtime has no
 * use for (alarms, the dashboard, log groups): raw, through {@link TemplateYaml}, with a resource's
 * {@code Condition} and the {@code Fn::If}s that choose between values evaluated for given
 * parameters. {@link SamTemplate} stays the reader for what the local runtime builds.
 */
final class DeployedTemplate {

    /** Surefire runs with the module directory as working directory. */
    static final Path FILE = Path.of("../template.yaml");

    private static final Map<String, Object> DOCUMENT = read();

    private final SamTemplate template;

    private DeployedTemplate(SamTemplate template) {
        this.template = template;
    }

    /** Deployed with the parameters' defaults and these overrides. */
    static DeployedTemplate with(Map<String, String> overrides) {
        return new DeployedTemplate(SamTemplate.read(FILE).withParameters(overrides));
    }

    static DeployedTemplate defaults() {
        return with(Map.of());
    }

    SamTemplate template() {
        return template;
    }

    static Map<String, Object> parameter(String name) {
        return map(map(DOCUMENT.get("Parameters")).get(name));
    }

    /** Every resource of a type, whatever its condition, with its properties. */
    static Map<String, Map<String, Object>> declared(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(DOCUMENT.get("Resources")).forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(map(resource).get("Properties")));
            }
        });
        return found;
    }

    static String condition(String logicalId) {
        Object condition = map(map(DOCUMENT.get("Resources")).get(logicalId)).get("Condition");
        return condition == null ? null : condition.toString();
    }

    /** The resources of a type that exist with these parameters. */
    Map<String, Map<String, Object>> existing(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        declared(type).forEach((id, properties) -> {
            if (condition(id) == null || holds(condition(id))) {
                found.put(id, properties);
            }
        });
        return found;
    }

    /**
     * A value with the parameters and conditions applied: {@code Ref} of a parameter becomes its value,
     * {@code Ref AWS::NoValue} {@code null}, {@code Fn::If} its chosen branch; a {@code Ref} of a
     * resource stays as it is.
     */
    Object evaluate(Object value) {
        if (!(value instanceof Intrinsic intrinsic)) {
            if (value instanceof List<?> list) {
                return list.stream().map(this::evaluate).toList();
            }
            return value;
        }
        return switch (intrinsic.function()) {
            case "Ref" -> {
                String name = intrinsic.argument().toString();
                if (name.equals("AWS::NoValue")) {
                    yield null;
                }
                yield template.parameters().containsKey(name) ? template.parameters().get(name) : intrinsic;
            }
            case "Fn::If" -> {
                List<?> arguments = (List<?>) intrinsic.argument();
                yield evaluate(holds(arguments.get(0).toString()) ? arguments.get(1) : arguments.get(2));
            }
            default -> intrinsic;
        };
    }

    boolean holds(String condition) {
        return holds(map(DOCUMENT.get("Conditions")).get(condition));
    }

    private boolean holds(Object expression) {
        Intrinsic intrinsic = (Intrinsic) expression;
        List<?> arguments = intrinsic.argument() instanceof List<?> l ? l : List.of(intrinsic.argument());
        return switch (intrinsic.function()) {
            case "Fn::Equals" -> String.valueOf(evaluate(arguments.get(0))).equals(String.valueOf(evaluate(arguments.get(1))));
            case "Fn::Not" -> !holds(arguments.get(0));
            case "Condition" -> holds(arguments.get(0).toString());
            default -> throw new AssertionError("a condition this test does not evaluate: " + intrinsic);
        };
    }

    static Intrinsic ref(String name) {
        return new Intrinsic("Ref", name);
    }

    static Intrinsic getAtt(String logicalId, String attribute) {
        return new Intrinsic("Fn::GetAtt", logicalId + "." + attribute);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> read() {
        try {
            return TemplateYaml.read(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
