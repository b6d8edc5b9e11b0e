package dev.hookline.ingest.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.NoSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.SignatureScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured senders, by the name used in {@code POST /webhooks/{source}}. Read from a YAML or
 * JSON document:
 *
 * <pre>
 * sources:
 *   github: { scheme: github, secrets: ["..."] }
 * </pre>
 */
public final class Sources {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, SourceConfig> byName;

    public Sources(Collection<SourceConfig> sources) {
        Map<String, SourceConfig> map = new LinkedHashMap<>();
        for (SourceConfig source : sources) {
            map.put(source.name(), source);
        }
        this.byName = Map.copyOf(map);
    }

    public static Sources fromFile(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new SourceConfigurationException("cannot read sources file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a YAML (or JSON, which is YAML) sources document. */
    public static Sources parse(String document) {
        JsonNode root;
        try {
            root = YAML.readTree(document);
        } catch (JsonProcessingException e) {
            // The parser's own message quotes the offending line, which may hold a secret: keep only where it is.
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            String reason = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? ": a source or setting is defined twice"
                    : "";
            throw new SourceConfigurationException("the sources document is not valid YAML or JSON" + where + reason);
        } catch (IOException e) {
            throw new SourceConfigurationException("the sources document cannot be read", e);
        }
        JsonNode sources = root == null ? null : root.get("sources");
        if (sources == null || !sources.isObject() || sources.isEmpty()) {
            throw new SourceConfigurationException("the sources document needs a non-empty 'sources:' mapping");
        }
        List<SourceConfig> configs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = sources.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            configs.add(source(field.getKey(), field.getValue()));
        }
        return new Sources(configs);
    }

    public Optional<SourceConfig> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<SourceConfig> all() {
        return byName.values();
    }

    private static SourceConfig source(String name, JsonNode node) {
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new SourceConfigurationException(
                    "source name '" + name + "' must be 1-64 letters, digits, '-' or '_'");
        }
        JsonNode schemeNode = node.get("scheme");
        if (schemeNode == null || !schemeNode.isTextual()) {
            throw new SourceConfigurationException("source '" + name + "' needs a 'scheme'");
        }
        List<Secret> secrets = new ArrayList<>();
        JsonNode secretsNode = node.get("secrets");
        if (secretsNode != null) {
            if (!secretsNode.isArray()) {
                throw new SourceConfigurationException("source '" + name + "': 'secrets' must be a list");
            }
            for (JsonNode secret : secretsNode) {
                if (!secret.isTextual() || secret.asText().isEmpty()) {
                    throw new SourceConfigurationException(
                            "source '" + name + "': every secret must be a non-empty string");
                }
                secrets.add(Secret.ofUtf8(secret.asText()));
            }
        }
        return new SourceConfig(name, scheme(name, schemeNode.asText()), secrets);
    }

    private static SignatureScheme scheme(String source, String scheme) {
        return switch (scheme) {
            case "github" -> new GitHubSignature();
            case "none" -> new NoSignature();
            default -> throw new SourceConfigurationException(
                    "source '" + source + "' has unknown scheme '" + scheme + "'; known schemes: github, none");
        };
    }
}
