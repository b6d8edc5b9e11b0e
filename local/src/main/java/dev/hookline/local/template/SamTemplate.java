package dev.hookline.local.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parts of {@code template.yaml} the local runtime builds from: tables, queues, functions with
 * their routes and SQS triggers, and parameter defaults. It reads the template as SAM does, with
 * the parameters' values and the template's {@code Conditions} applied: a resource whose
 * {@code Condition} is false does not exist, and {@code Fn::If} chooses its branch wherever the
 * local runtime reads values. It does not validate the template.
 */
public final class SamTemplate {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, Object> document;
    private final Map<String, String> parameterOverrides;
    private final Map<String, Object> resources;
    private final Map<String, Object> globalFunction;
    private final Map<String, String> parameters;
    private final Map<String, Object> conditions;

    private SamTemplate(Map<String, Object> document, Map<String, String> parameterOverrides) {
        this.resources = map(document.get("Resources"), "Resources");
        this.globalFunction = map(map(document.getOrDefault("Globals", Map.of()), "Globals")
                .getOrDefault("Function", Map.of()), "Globals.Function");
        this.conditions = map(document.getOrDefault("Conditions", Map.of()), "Conditions");
        Map<String, String> defaults = new LinkedHashMap<>();
        map(document.getOrDefault("Parameters", Map.of()), "Parameters").forEach((name, parameter) -> {
            Object value = map(parameter, "Parameters." + name).get("Default");
            defaults.put(name, value == null ? "" : value.toString());
        });
        defaults.putAll(parameterOverrides);
        checkAllowedPatterns(map(document.getOrDefault("Parameters", Map.of()), "Parameters"), defaults);
        checkAllowedValues(map(document.getOrDefault("Parameters", Map.of()), "Parameters"), defaults,
                parameterOverrides);
        this.document = document;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
        this.parameters = Map.copyOf(defaults);
    }

    public static SamTemplate parse(String yaml) {
        return new SamTemplate(TemplateYaml.read(yaml), Map.of());
    }

    /** The same template deployed with some parameters set, as {@code sam deploy --parameter-overrides}. */
    public SamTemplate withParameters(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(parameterOverrides);
        merged.putAll(overrides);
        return new SamTemplate(document, merged);
    }

    public static SamTemplate read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    /** The template packaged with the local runtime, copied from the repository's root at build time. */
    public static SamTemplate bundled() {
        try (InputStream in = SamTemplate.class.getResourceAsStream("/template.yaml")) {
            if (in == null) {
                throw new TemplateException("template.yaml is not on the classpath; rebuild the local module");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parameter values: defaults, with any overrides applied. */
    public Map<String, String> parameters() {
        return parameters;
    }

    public List<TableSpec> tables() {
        List<TableSpec> tables = new ArrayList<>();
        resourcesOfType("AWS::DynamoDB::Table").forEach((id, properties) -> {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Object definition : list(properties.get("AttributeDefinitions"), id + ".AttributeDefinitions")) {
                Map<String, Object> d = map(definition, id + ".AttributeDefinitions[]");
                attributes.put(text(d.get("AttributeName")), text(d.get("AttributeType")));
            }
            List<TableSpec.IndexSpec> indexes = new ArrayList<>();
            for (Object index : list(properties.getOrDefault("GlobalSecondaryIndexes", List.of()), id + ".GSI")) {
                Map<String, Object> i = map(index, id + ".GlobalSecondaryIndexes[]");
                Map<String, Object> projection = map(i.getOrDefault("Projection", Map.of()), id + ".Projection");
                List<String> nonKey = list(projection.getOrDefault("NonKeyAttributes", List.of()), id + ".Projection")
                        .stream().map(SamTemplate::text).toList();
                indexes.add(new TableSpec.IndexSpec(text(i.get("IndexName")), keySchema(i.get("KeySchema"), id),
                        text(projection.getOrDefault("ProjectionType", "ALL")), nonKey));
            }
            Map<String, Object> ttl = map(properties.getOrDefault("TimeToLiveSpecification", Map.of()), id + ".TTL");
            String ttlAttribute = Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))
                    ? text(ttl.get("AttributeName"))
                    : null;
            tables.add(new TableSpec(id, attributes, keySchema(properties.get("KeySchema"), id), ttlAttribute,
                    indexes));
        });
        return tables;
    }

    /** Queues in creation order: dead-letter targets before the queues that redrive to them. */
    public List<QueueSpec> queues() {
        List<QueueSpec> queues = new ArrayList<>();
        resourcesOfType("AWS::SQS::Queue").forEach((id, properties) -> {
            String deadLetterQueue = null;
            int maxReceiveCount = 0;
            if (properties.containsKey("RedrivePolicy")) {
                Map<String, Object> redrive = map(properties.get("RedrivePolicy"), id + ".RedrivePolicy");
                deadLetterQueue = referencedResource(redrive.get("deadLetterTargetArn"), id);
                maxReceiveCount = integer(redrive.get("maxReceiveCount"), 10);
            }
            queues.add(new QueueSpec(id, integer(properties.get("VisibilityTimeout"), 30),
                    integer(properties.get("MessageRetentionPeriod"), 345600), deadLetterQueue, maxReceiveCount,
                    integer(properties.get("MaximumMessageSize"), 262_144)));
        });
        return redriveTargetsFirst(queues);
    }

    private static List<QueueSpec> redriveTargetsFirst(List<QueueSpec> queues) {
        Map<String, QueueSpec> pending = new LinkedHashMap<>();
        queues.forEach(queue -> pending.put(queue.logicalId(), queue));
        List<QueueSpec> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            QueueSpec ready = pending.values().stream()
                    .filter(queue -> queue.deadLetterQueue() == null || !pending.containsKey(queue.deadLetterQueue()))
                    .findFirst()
                    .orElseThrow(() -> new TemplateException("queues " + pending.keySet() + " redrive in a cycle"));
            ordered.add(ready);
            pending.remove(ready.logicalId());
        }
        return ordered;
    }

    /** The functions that exist with these parameters, their {@code Condition}s applied. */
    public List<FunctionSpec> functions() {
        List<FunctionSpec> functions = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function").forEach((id, properties) -> {
            String handler = text(properties.get("Handler"));
            Map<String, Object> environment = new LinkedHashMap<>();
            putConditioned(environment, variables(globalFunction), id + ".Environment");
            putConditioned(environment, variables(properties), id + ".Environment");
            String alias = optionalScalar(properties.getOrDefault("AutoPublishAlias",
                    globalFunction.get("AutoPublishAlias")), id + ".AutoPublishAlias");
            List<HttpRoute> routes = new ArrayList<>();
            List<SqsTrigger> triggers = new ArrayList<>();
            List<ScheduleTrigger> schedules = new ArrayList<>();
            map(properties.getOrDefault("Events", Map.of()), id + ".Events").forEach((name, event) -> {
                Map<String, Object> e = map(event, id + ".Events." + name);
                Map<String, Object> p = map(e.getOrDefault("Properties", Map.of()), id + ".Events." + name);
                switch (text(e.get("Type"))) {
                    case "HttpApi" -> routes.add(new HttpRoute(text(p.get("Method")).toUpperCase(Locale.ROOT), text(p.get("Path"))));
                    case "SQS" -> triggers.add(new SqsTrigger(
                            referencedResource(p.get("Queue"), id),
                            integer(p.get("BatchSize"), 10),
                            integer(p.get("MaximumBatchingWindowInSeconds"), 0),
                            list(p.getOrDefault("FunctionResponseTypes", List.of()), id).contains("ReportBatchItemFailures"),
                            integer(map(p.getOrDefault("ScalingConfig", Map.of()), id).get("MaximumConcurrency"), 2),
                            // SAM attaches an event source mapping to the function's alias when it publishes one.
                            alias));
                    case "Schedule" -> schedules.add(
                            ScheduleTrigger.parse(text(p.get("Schedule")), id + ".Events." + name));
                    default -> {
                    }
                }
            });
            int timeout = integer(properties.getOrDefault("Timeout", globalFunction.get("Timeout")), 3);
            Object functionName = properties.get("FunctionName");
            List<IamStatement> statements = new ArrayList<>();
            List<String> templates = new ArrayList<>();
            policies(properties.get("Policies"), id, statements, templates);
            functions.add(new FunctionSpec(id, handler.split("::")[0], timeout, environment, routes, triggers, schedules,
                    functionName == null ? null : render(functionName, id + ".FunctionName"), alias,
                    durableConfig(properties.getOrDefault("DurableConfig", globalFunction.get("DurableConfig")), id),
                    statements, templates));
        });
        return functions;
    }

    /** The Secrets Manager secrets that exist with these parameters. */
    public List<SecretSpec> secrets() {
        List<SecretSpec> secrets = new ArrayList<>();
        resourcesOfType("AWS::SecretsManager::Secret").forEach((id, properties) -> secrets.add(
                new SecretSpec(id, optionalScalar(properties.get("SecretString"), id + ".SecretString"))));
        return secrets;
    }

    private DurableConfigSpec durableConfig(Object value, String id) {
        Object evaluated = value == null ? null : evaluate(value, id + ".DurableConfig");
        if (evaluated == null || evaluated == NO_VALUE) {
            return null;
        }
        Map<String, Object> config = map(evaluated, id + ".DurableConfig");
        if (config.get("ExecutionTimeout") == null) {
            throw new TemplateException(id + ".DurableConfig needs ExecutionTimeout");
        }
        return new DurableConfigSpec(integer(config.get("ExecutionTimeout"), 0),
                integer(config.get("RetentionPeriodInDays"), DurableConfigSpec.DEFAULT_RETENTION_DAYS));
    }

    /**
     * Sorts a function's {@code Policies} (one entry or a list) into inline statements and the names of
     * everything else: SAM policy templates ({@code {DynamoDBReadPolicy: {...}}}) and managed policies.
     */
    private void policies(Object value, String id, List<IamStatement> statements, List<String> templates) {
        String context = id + ".Policies";
        Object policies = value == null ? null : applyConditions(value, context);
        if (policies == null || policies == NO_VALUE) {
            return;
        }
        for (Object policy : oneOrMany(policies)) {
            if (policy instanceof Map<?, ?> document) {
                if (document.containsKey("Statement")) {
                    for (Object statement : oneOrMany(document.get("Statement"))) {
                        statements.add(statement(map(statement, context + ".Statement[]"), context));
                    }
                } else {
                    document.keySet().forEach(name -> templates.add(name.toString()));
                }
            } else {
                templates.add(render(policy, context));
            }
        }
    }

    private IamStatement statement(Map<String, Object> statement, String context) {
        return new IamStatement(
                optionalScalar(statement.get("Effect"), context + ".Effect"),
                oneOrMany(statement.get("Action")).stream().map(action -> render(action, context + ".Action")).toList(),
                oneOrMany(statement.get("Resource")).stream()
                        .map(resource -> render(resource, context + ".Resource"))
                        .toList());
    }

    private static List<?> oneOrMany(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? l : List.of(value);
    }

    /**
     * A value as a string with conditions and parameters applied and every other reference left as
     * {@code Fn::Sub} writes it: {@code ${Name}}, {@code ${Resource.Attribute}}, {@code ${AWS::Region}}.
     */
    private String render(Object value, String context) {
        Object conditioned = applyConditions(value, context);
        if (conditioned == NO_VALUE) {
            return null;
        }
        return resolve(conditioned, new Resolver() {
            @Override
            public String ref(String name) {
                return parameters.containsKey(name) ? parameters.get(name) : "${" + name + "}";
            }

            @Override
            public String attribute(String logicalId, String attribute) {
                return "${" + logicalId + "." + attribute + "}";
            }
        });
    }

    /** Adds each entry with its conditions applied; one that evaluates to {@code AWS::NoValue} is left out. */
    private void putConditioned(Map<String, Object> into, Map<String, Object> entries, String context) {
        entries.forEach((name, value) -> {
            Object conditioned = applyConditions(value, context + "." + name);
            if (conditioned != NO_VALUE) {
                into.put(name, conditioned);
            }
        });
    }

    private String optionalScalar(Object value, String context) {
        if (value == null) {
            return null;
        }
        Object evaluated = evaluate(value, context);
        return evaluated == null || evaluated == NO_VALUE ? null : scalar(evaluated);
    }

    /**
     * The HTTP API's {@code CorsConfiguration} (or {@code Globals.HttpApi}'s) with conditions and
     * parameters applied; empty when the template, as deployed with these parameters, sets none.
     *
     * @throws TemplateException when it allows every origin ({@code *} or {@code true}), which
     *     Hookline refuses, or uses a function the local runtime does not evaluate
     */
    public Optional<CorsSpec> cors() {
        Object configuration = resourcesOfType("AWS::Serverless::HttpApi").values().stream()
                .map(properties -> properties.get("CorsConfiguration"))
                .filter(value -> value != null)
                .findFirst()
                .orElseGet(() -> map(map(document.getOrDefault("Globals", Map.of()), "Globals")
                        .getOrDefault("HttpApi", Map.of()), "Globals.HttpApi").get("CorsConfiguration"));
        Object value = evaluate(configuration, "CorsConfiguration");
        if (value == null || value == NO_VALUE || Boolean.FALSE.equals(value) || "false".equals(value)) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(value) || "true".equals(value)) {
            throw new TemplateException("CorsConfiguration: true allows every origin ('*'); list the origins in"
                    + " AllowOrigins instead");
        }
        Map<String, Object> cors = map(value, "CorsConfiguration");
        List<String> origins = strings(cors.get("AllowOrigins"), "CorsConfiguration.AllowOrigins");
        if (origins.stream().anyMatch(origin -> origin.contains("*"))) {
            throw new TemplateException("CorsConfiguration.AllowOrigins must list whole origins such as"
                    + " https://ops.example.com; a wildcard would let any web page read the API from a visitor's browser");
        }
        Object maxAge = cors.get("MaxAge");
        return Optional.of(new CorsSpec(origins,
                strings(cors.get("AllowMethods"), "CorsConfiguration.AllowMethods"),
                strings(cors.get("AllowHeaders"), "CorsConfiguration.AllowHeaders"),
                strings(cors.get("ExposeHeaders"), "CorsConfiguration.ExposeHeaders"),
                maxAge == null ? null : integer(maxAge, 0),
                Boolean.parseBoolean(String.valueOf(cors.getOrDefault("AllowCredentials", false)))));
    }

    /** What {@code !Ref AWS::NoValue} evaluates to: the property or element is left out. */
    private static final Object NO_VALUE = new Object();

    /**
     * Evaluates a value as CloudFormation would at deploy time, for the functions a configuration
     * needs: {@code Ref} of parameters and {@code AWS::NoValue}, {@code Fn::If} with the template's
     * {@code Conditions} ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or},
     * {@code Condition}), {@code Fn::Split} and {@code Fn::Join}.
     */
    private Object evaluate(Object value, String context) {
        Intrinsic intrinsic = intrinsic(value);
        return intrinsic != null ? evaluate(intrinsic, context) : eachElement(value, context, this::evaluate);
    }

    /**
     * A mapping or list with {@code each} applied to its values or elements, leaving out those that
     * become {@code AWS::NoValue}; any other value as it is.
     */
    private static Object eachElement(Object value, String context, BiFunction<Object, String, Object> each) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> result = new LinkedHashMap<>();
            m.forEach((key, element) -> {
                Object applied = each.apply(element, context + "." + key);
                if (applied != NO_VALUE) {
                    result.put(key.toString(), applied);
                }
            });
            return result;
        }
        if (value instanceof List<?> l) {
            List<Object> result = new ArrayList<>();
            for (Object element : l) {
                Object applied = each.apply(element, context + "[]");
                if (applied != NO_VALUE) {
                    result.add(applied);
                }
            }
            return result;
        }
        return value;
    }

    private Object evaluate(Intrinsic intrinsic, String context) {
        Object argument = intrinsic.argument();
        return switch (intrinsic.function()) {
            case "Ref" -> {
                String name = text(argument);
                if (name.equals("AWS::NoValue")) {
                    yield NO_VALUE;
                }
                if (!parameters.containsKey(name)) {
                    throw new TemplateException(context + ": only parameters can be referenced here locally, not " + name);
                }
                yield parameters.get(name);
            }
            case "Condition" -> condition(text(argument));
            case "Fn::If" -> {
                List<Object> arguments = arguments(argument, 3, "Fn::If", context);
                yield condition(text(arguments.get(0)))
                        ? evaluate(arguments.get(1), context)
                        : evaluate(arguments.get(2), context);
            }
            case "Fn::Equals" -> {
                List<Object> arguments = arguments(argument, 2, "Fn::Equals", context);
                yield scalar(evaluate(arguments.get(0), context)).equals(scalar(evaluate(arguments.get(1), context)));
            }
            case "Fn::Not" -> !bool(evaluate(arguments(argument, 1, "Fn::Not", context).get(0), context), context);
            case "Fn::And", "Fn::Or" -> {
                boolean and = intrinsic.function().equals("Fn::And");
                boolean result = and;
                for (Object operand : list(argument, context)) {
                    boolean b = bool(evaluate(operand, context), context);
                    result = and ? result && b : result || b;
                }
                yield result;
            }
            case "Fn::Split" -> {
                List<Object> arguments = arguments(argument, 2, "Fn::Split", context);
                yield List.of(scalar(evaluate(arguments.get(1), context)).split(Pattern.quote(text(arguments.get(0))), -1));
            }
            case "Fn::Join" -> {
                List<Object> arguments = arguments(argument, 2, "Fn::Join", context);
                yield list(evaluate(arguments.get(1), context), context).stream()
                        .map(SamTemplate::scalar)
                        .collect(Collectors.joining(text(arguments.get(0))));
            }
            default -> throw new TemplateException(context + ": " + intrinsic.function() + " is not supported locally here");
        };
    }

    /**
     * Applies the template's conditions to a value and leaves every other function for later: each
     * {@code Fn::If} becomes the branch its condition chooses and {@code !Ref AWS::NoValue} leaves its
     * property or element out, while {@code Ref}, {@code Fn::GetAtt} and {@code Fn::Sub} stay as they
     * are, to be resolved against the local resources (see {@link #resolve}).
     */
    private Object applyConditions(Object value, String context) {
        Intrinsic intrinsic = intrinsic(value);
        if (intrinsic != null) {
            return switch (intrinsic.function()) {
                case "Fn::If" -> {
                    List<Object> arguments = arguments(intrinsic.argument(), 3, "Fn::If", context);
                    yield applyConditions(condition(text(arguments.get(0))) ? arguments.get(1) : arguments.get(2),
                            context);
                }
                case "Ref" -> "AWS::NoValue".equals(intrinsic.argument()) ? NO_VALUE : intrinsic;
                default -> new Intrinsic(intrinsic.function(), applyConditions(intrinsic.argument(), context));
            };
        }
        return eachElement(value, context, this::applyConditions);
    }

    /** A named condition's value; CloudFormation refuses conditions that refer to each other in a cycle. */
    private boolean condition(String name) {
        if (!conditions.containsKey(name)) {
            throw new TemplateException("condition " + name + " is not defined in Conditions");
        }
        return bool(evaluate(conditions.get(name), "Conditions." + name), "Conditions." + name);
    }

    private static Intrinsic intrinsic(Object value) {
        if (value instanceof Intrinsic intrinsic) {
            return intrinsic;
        }
        if (value instanceof Map<?, ?> longForm && longForm.size() == 1) {
            Map.Entry<?, ?> entry = longForm.entrySet().iterator().next();
            String key = entry.getKey().toString();
            if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                return new Intrinsic(key, entry.getValue());
            }
        }
        return null;
    }

    private static List<Object> arguments(Object argument, int count, String function, String context) {
        List<Object> arguments = list(argument, context + ": " + function);
        if (arguments.size() != count) {
            throw new TemplateException(context + ": " + function + " takes " + count + " arguments");
        }
        return arguments;
    }

    private static boolean bool(Object value, String context) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new TemplateException(context + ": expected a condition, got " + value);
    }

    private static String scalar(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?> || value == NO_VALUE) {
            throw new TemplateException("expected a single value, got " + value);
        }
        return value == null ? "" : value.toString();
    }

    private static List<String> strings(Object value, String context) {
        if (value == null) {
            return List.of();
        }
        return list(value, context).stream().map(SamTemplate::scalar).toList();
    }

    private static void checkAllowedPatterns(Map<String, Object> declared, Map<String, String> values) {
        declared.forEach((name, parameter) -> {
            Object pattern = map(parameter, "Parameters." + name).get("AllowedPattern");
            String value = values.getOrDefault(name, "");
            if (pattern != null && !Pattern.compile(pattern.toString()).matcher(value).matches()) {
                Object description = map(parameter, "Parameters." + name).get("ConstraintDescription");
                throw new TemplateException("parameter " + name + " "
                        + (description != null ? description.toString().trim() : "must match " + pattern));
            }
        });
    }

    /**
     * Refuses a value outside a parameter's {@code AllowedValues}, as CloudFormation does. A parameter
     * with neither a default nor a value given is left alone: locally it reads as empty.
     */
    private static void checkAllowedValues(Map<String, Object> declared, Map<String, String> values,
            Map<String, String> overrides) {
        declared.forEach((name, parameter) -> {
            Map<String, Object> p = map(parameter, "Parameters." + name);
            Object allowed = p.get("AllowedValues");
            if (allowed == null || (p.get("Default") == null && !overrides.containsKey(name))) {
                return;
            }
            List<String> choices = list(allowed, "Parameters." + name + ".AllowedValues").stream()
                    .map(SamTemplate::scalar)
                    .toList();
            String value = values.getOrDefault(name, "");
            if (!choices.contains(value)) {
                throw new TemplateException("parameter " + name + " must be one of " + String.join(", ", choices)
                        + "; got '" + value + "'");
            }
        });
    }

    /**
     * Resolves a property value to a string: plain values as they are, {@code Ref},
     * {@code Fn::GetAtt} and {@code Fn::Sub} through the given resolver.
     */
    public static String resolve(Object value, Resolver resolver) {
        if (value instanceof Intrinsic intrinsic) {
            return switch (intrinsic.function()) {
                case "Ref" -> resolver.ref(text(intrinsic.argument()));
                case "Fn::GetAtt" -> {
                    String[] parts = getAttParts(intrinsic.argument());
                    yield resolver.attribute(parts[0], parts[1]);
                }
                case "Fn::Sub" -> {
                    if (!(intrinsic.argument() instanceof String pattern)) {
                        throw new TemplateException("only the string form of Fn::Sub is supported locally");
                    }
                    yield substitute(pattern, resolver);
                }
                default -> throw new TemplateException(intrinsic.function() + " is not supported locally");
            };
        }
        if (value instanceof Map<?, ?> longForm && longForm.size() == 1) {
            Map.Entry<?, ?> entry = longForm.entrySet().iterator().next();
            String key = entry.getKey().toString();
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return resolve(new Intrinsic(key, entry.getValue()), resolver);
            }
        }
        return value == null ? "" : value.toString();
    }

    /** Looks up what {@code Ref} and {@code Fn::GetAtt} name. */
    public interface Resolver {

        String ref(String logicalIdOrParameter);

        String attribute(String logicalId, String attribute);
    }

    private static String substitute(String pattern, Resolver resolver) {
        Matcher matcher = SUB_VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (name.startsWith("!")) {
                matcher.appendReplacement(out, Matcher.quoteReplacement("${" + name.substring(1) + "}"));
                continue;
            }
            int dot = name.indexOf('.');
            String replacement = dot > 0 && !name.startsWith("AWS::")
                    ? resolver.attribute(name.substring(0, dot), name.substring(dot + 1))
                    : resolver.ref(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The resources of a type that exist with these parameters: a false {@code Condition} leaves one out. */
    private Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            Map<String, Object> r = map(resource, id);
            if (type.equals(r.get("Type")) && (r.get("Condition") == null || condition(text(r.get("Condition"))))) {
                found.put(id, map(r.getOrDefault("Properties", Map.of()), id + ".Properties"));
            }
        });
        return found;
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        Map<String, Object> environment = map(properties.getOrDefault("Environment", Map.of()), "Environment");
        return map(environment.getOrDefault("Variables", Map.of()), "Environment.Variables");
    }

    private static String referencedResource(Object value, String context) {
        if (value instanceof Intrinsic intrinsic) {
            return switch (intrinsic.function()) {
                case "Ref" -> text(intrinsic.argument());
                case "Fn::GetAtt" -> getAttParts(intrinsic.argument())[0];
                default -> throw new TemplateException(context + ": expected !Ref or !GetAtt of a resource");
            };
        }
        if (value instanceof Map<?, ?> longForm && longForm.size() == 1) {
            Map.Entry<?, ?> entry = longForm.entrySet().iterator().next();
            return referencedResource(new Intrinsic(entry.getKey().toString(), entry.getValue()), context);
        }
        throw new TemplateException(context + ": expected a reference to a resource, got " + value);
    }

    private static String[] getAttParts(Object argument) {
        if (argument instanceof List<?> parts && parts.size() == 2) {
            return new String[] {text(parts.get(0)), text(parts.get(1))};
        }
        String dotted = text(argument);
        int dot = dotted.indexOf('.');
        if (dot < 0) {
            throw new TemplateException("Fn::GetAtt needs Resource.Attribute, got " + dotted);
        }
        return new String[] {dotted.substring(0, dot), dotted.substring(dot + 1)};
    }

    private static List<Map.Entry<String, String>> keySchema(Object value, String context) {
        List<Map.Entry<String, String>> schema = new ArrayList<>();
        for (Object element : list(value, context + ".KeySchema")) {
            Map<String, Object> e = map(element, context + ".KeySchema[]");
            schema.add(new AbstractMap.SimpleImmutableEntry<>(text(e.get("AttributeName")), text(e.get("KeyType"))));
        }
        return schema;
    }

    /** A whole number, with parameters and conditions applied ({@code !Ref}, {@code !If}). */
    private int integer(Object value, int fallback) {
        if (value != null && intrinsic(value) != null) {
            value = evaluate(value, "a number");
        }
        if (value == null || value == NO_VALUE) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new TemplateException("expected a number, got " + value);
        }
    }

    private static String text(Object value) {
        if (value == null) {
            throw new TemplateException("a required property is missing");
        }
        return value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String context) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new TemplateException(context + " must be a mapping");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String context) {
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new TemplateException(context + " must be a list");
    }
}
