package dev.hookline.validator.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.DefaultJsonMetaSchemaFactory;
import com.networknt.schema.DisallowUnknownKeywordFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Locale;

/**
 * Compiles one event type's JSON Schema, once, at load time, refusing a schema that would not check
 * what its author meant.
 */
final class SchemaCompiler {

    private static final String DEFAULT_DIALECT = SchemaId.V202012;

    // Unknown keywords are refused: a misspelt keyword ("minLenght") would otherwise be ignored and
    // its rule would silently never apply.
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder
                    .metaSchema(strict(JsonMetaSchema.getV202012()))
                    .metaSchemaFactory((iri, factory, config) ->
                            strict(DefaultJsonMetaSchemaFactory.getInstance().getMetaSchema(iri, factory, config))));

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            // A rejection must list every broken rule, not stop at the first.
            .failFast(false)
            // "$.customer.email" is what a sender can find in their own payload.
            .pathType(PathType.JSON_PATH)
            // Messages go back to senders; they should not change with the host's locale.
            .locale(Locale.ENGLISH)
            // Draft 2020-12 makes "format" an annotation only; whoever writes `format: email` in a rule means it.
            .formatAssertionsEnabled(true)
            .build();

    private SchemaCompiler() {
    }

    static JsonSchema compile(String eventType, JsonNode schema) {
        List<String> problems;
        try {
            problems = againstMetaSchema(schema);
        } catch (JsonSchemaException unknownDialect) {
            throw invalid(eventType, unknownDialect);
        }
        if (!problems.isEmpty()) {
            throw new RulesConfigurationException("event type '" + eventType
                    + "': the schema is not valid JSON Schema: " + String.join("; ", problems));
        }
        try {
            JsonSchema compiled = FACTORY.getSchema(schema, CONFIG);
            compiled.initializeValidators();
            return compiled;
        } catch (JsonSchemaException uncompilable) {
            throw invalid(eventType, uncompilable);
        }
    }

    /** What the schema's own meta-schema says is wrong with it: a `type: 5` compiles, but checks nothing. */
    private static List<String> againstMetaSchema(JsonNode schema) {
        JsonNode dialect = schema.get("$schema");
        String metaSchema = dialect != null && dialect.isTextual() ? dialect.asText() : DEFAULT_DIALECT;
        return FACTORY.getSchema(SchemaLocation.of(metaSchema), CONFIG).validate(schema).stream()
                .map(ValidationMessage::getMessage)
                .toList();
    }

    private static RulesConfigurationException invalid(String eventType, JsonSchemaException cause) {
        // Unresolvable references come with an empty location prefix (": Reference ...").
        String reason = cause.getMessage().replaceFirst("^: ", "");
        return new RulesConfigurationException(
                "event type '" + eventType + "': the schema cannot be compiled: " + reason, cause);
    }

    private static JsonMetaSchema strict(JsonMetaSchema metaSchema) {
        return JsonMetaSchema.builder(metaSchema)
                .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
                .build();
    }
}
