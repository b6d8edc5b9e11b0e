package dev.hookline.validator.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The event types Hookline accepts, each with the JSON Schema its payloads must satisfy, read from
 * a YAML or JSON document. Every schema is compiled here, once, so validating a webhook compiles
 * nothing:
 *
 * <pre>
 * eventTypes:
 *   order:
 *     schema: { type: object, required: [orderId], properties: { orderId: { type: string, minLength: 1 } } }
 *   user: {}          # no schema: every payload of this type is accepted
 * </pre>
 */
public final class ValidationRules {

    private static final String SCHEMA = "schema";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, EventTypeRule> byType;

    private ValidationRules(Map<String, EventTypeRule> byType) {
        this.byType = byType;
    }

    public static ValidationRules fromFile(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new RulesConfigurationException("cannot read rules file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a YAML (or JSON, which is YAML) rules document and compiles every schema in it. */
    public static ValidationRules parse(String document) {
        JsonNode eventTypes = read(document).path("eventTypes");
        if (!eventTypes.isObject() || eventTypes.isEmpty()) {
            throw new RulesConfigurationException(
                    "the rules document needs a non-empty 'eventTypes:' mapping of event type to its rules");
        }
        // Sorted, so the accepted types a rejection lists read the same on every run.
        Map<String, EventTypeRule> byType = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = eventTypes.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            byType.put(entry.getKey(), rule(entry.getKey(), entry.getValue()));
        }
        return new ValidationRules(Collections.unmodifiableMap(byType));
    }

    public Optional<EventTypeRule> find(String eventType) {
        return Optional.ofNullable(byType.get(eventType));
    }

    /** The accepted event types, in alphabetical order. */
    public Set<String> eventTypes() {
        return byType.keySet();
    }

    private static JsonNode read(String document) {
        try {
            JsonNode root = YAML.readTree(document);
            return root == null ? YAML.missingNode() : root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new RulesConfigurationException(
                    "the rules document is not valid YAML or JSON" + where + ": " + e.getOriginalMessage(), e);
        }
    }

    private static EventTypeRule rule(String eventType, JsonNode settings) {
        // `user:` with nothing after it reads as null in YAML, and means the same as `user: {}`.
        if (settings.isNull()) {
            return new EventTypeRule(eventType, SchemaCompiler.compile(eventType, YAML.createObjectNode()));
        }
        if (!settings.isObject()) {
            throw new RulesConfigurationException("event type '" + eventType
                    + "' must be a mapping, e.g. '" + eventType + ": { schema: {...} }' or '" + eventType + ": {}'");
        }
        settings.fieldNames().forEachRemaining(name -> {
            if (!name.equals(SCHEMA)) {
                // A misspelt 'schema' would otherwise accept every payload of the type.
                throw new RulesConfigurationException("event type '" + eventType + "' has unknown setting '"
                        + name + "'; the only setting is '" + SCHEMA + "'");
            }
        });
        JsonNode schema = settings.has(SCHEMA) ? settings.get(SCHEMA) : YAML.createObjectNode();
        if (!schema.isObject()) {
            throw new RulesConfigurationException("event type '" + eventType
                    + "': 'schema' must be a JSON Schema object (a mapping), not "
                    + schema.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return new EventTypeRule(eventType, SchemaCompiler.compile(eventType, schema));
    }
}
