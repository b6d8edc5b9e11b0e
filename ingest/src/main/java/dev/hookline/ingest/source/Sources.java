package dev.hookline.ingest.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.HmacSha256Signature;
import dev.hookline.ingest.signature.NoSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.ShopifySignature;
import dev.hookline.ingest.signature.SignatureScheme;
import dev.hookline.ingest.signature.SlackSignature;
import dev.hookline.ingest.signature.StandardWebhooksSignature;
import dev.hookline.ingest.signature.StripeSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 *   stripe: { scheme: stripe, secrets: ["whsec_..."], toleranceSeconds: 300 }
 *   custom: { scheme: hmac-sha256, secrets: ["..."], header: X-Signature, prefix: "sha256=", encoding: hex }
 * </pre>
 */
public final class Sources {

    private static final String KNOWN_SCHEMES =
            "github, stripe, standard-webhooks (or svix), slack, shopify, hmac-sha256, none";
    private static final long DEFAULT_TOLERANCE_SECONDS = 300;

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
        return parse(document, Clock.systemUTC());
    }

    /** Parses a sources document whose timestamped schemes judge freshness by {@code clock}. */
    public static Sources parse(String document, Clock clock) {
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
            configs.add(source(field.getKey(), field.getValue(), clock));
        }
        return new Sources(configs);
    }

    public Optional<SourceConfig> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<SourceConfig> all() {
        return byName.values();
    }

    private static SourceConfig source(String name, JsonNode node, Clock clock) {
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new SourceConfigurationException(
                    "source name '" + name + "' must be 1-64 letters, digits, '-' or '_'");
        }
        JsonNode schemeNode = node.get("scheme");
        if (schemeNode == null || !schemeNode.isTextual()) {
            throw new SourceConfigurationException("source '" + name + "' needs a 'scheme'");
        }
        List<String> secrets = new ArrayList<>();
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
                secrets.add(secret.asText());
            }
        }
        SignatureScheme scheme = scheme(name, schemeNode.asText(), node, clock);
        List<Secret> keys = new ArrayList<>();
        for (String secret : secrets) {
            keys.add(scheme instanceof StandardWebhooksSignature
                    ? standardWebhooksKey(name, secret)
                    : Secret.ofUtf8(secret));
        }
        return new SourceConfig(name, scheme, keys);
    }

    private static SignatureScheme scheme(String source, String scheme, JsonNode node, Clock clock) {
        return switch (scheme) {
            case "github" -> new GitHubSignature();
            case "stripe" -> new StripeSignature(tolerance(source, node), clock);
            case "standard-webhooks", "svix" -> new StandardWebhooksSignature(tolerance(source, node), clock);
            case "slack" -> new SlackSignature(tolerance(source, node), clock);
            case "shopify" -> new ShopifySignature();
            case "hmac-sha256" -> hmacSha256(source, node);
            case "none" -> new NoSignature();
            default -> throw new SourceConfigurationException(
                    "source '" + source + "' has unknown scheme '" + scheme + "'; known schemes: " + KNOWN_SCHEMES);
        };
    }

    private static Duration tolerance(String source, JsonNode node) {
        JsonNode seconds = node.get("toleranceSeconds");
        if (seconds == null) {
            return Duration.ofSeconds(DEFAULT_TOLERANCE_SECONDS);
        }
        if (!seconds.canConvertToLong() || !seconds.isIntegralNumber() || seconds.asLong() <= 0) {
            throw new SourceConfigurationException(
                    "source '" + source + "': 'toleranceSeconds' must be a positive whole number of seconds");
        }
        return Duration.ofSeconds(seconds.asLong());
    }

    private static HmacSha256Signature hmacSha256(String source, JsonNode node) {
        JsonNode header = node.get("header");
        if (header == null || !header.isTextual() || header.asText().isBlank()) {
            throw new SourceConfigurationException(
                    "source '" + source + "': scheme hmac-sha256 needs 'header', the name of the signature header");
        }
        JsonNode prefix = node.get("prefix");
        if (prefix != null && !prefix.isTextual()) {
            throw new SourceConfigurationException("source '" + source + "': 'prefix' must be a string");
        }
        JsonNode encoding = node.get("encoding");
        HmacSha256Signature.Encoding parsed;
        if (encoding == null || encoding.isTextual() && encoding.asText().equals("hex")) {
            parsed = HmacSha256Signature.Encoding.HEX;
        } else if (encoding.isTextual() && encoding.asText().equals("base64")) {
            parsed = HmacSha256Signature.Encoding.BASE64;
        } else {
            throw new SourceConfigurationException(
                    "source '" + source + "': 'encoding' must be 'hex' or 'base64'");
        }
        return new HmacSha256Signature(header.asText().trim(), prefix == null ? "" : prefix.asText(), parsed);
    }

    private static Secret standardWebhooksKey(String source, String secret) {
        try {
            return Secret.ofBytes(StandardWebhooksSignature.decodeSecret(secret));
        } catch (IllegalArgumentException notBase64) {
            // No cause attached: nothing about the secret's characters should reach a log.
            throw new SourceConfigurationException("source '" + source + "': every standard-webhooks secret must be '"
                    + StandardWebhooksSignature.SECRET_PREFIX + "' followed by base64, as the sender shows it");
        }
    }
}
