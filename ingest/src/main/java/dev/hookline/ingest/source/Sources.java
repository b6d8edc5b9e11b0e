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
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 *   shop:
 *     scheme: github
 *     secrets: ["..."]
 *     action: forward                  # record (the default) | forward
 *     forwardUrl: https://orders.example.com/hooks
 *     forwardSecret: whsec_...         # Standard Webhooks signing secret the target verifies
 *     forwardTimeoutSeconds: 10        # 1..30, default 10
 *     retry:                           # omitted: the engine's default; omitted fields: its values
 *       maxAttempts: 5                 # 1..50 runs in all
 *       initialDelaySeconds: 5
 *       maxDelaySeconds: 60            # initialDelaySeconds..43200
 *       backoffRate: 2.0               # at least 1
 *       jitter: full                   # none | full | half
 *     exposePayload: true              # default false: keep the body on the record and show it in
 *                                      # GET /status/{token} to anyone holding the token
 * </pre>
 *
 * <p>Every error names the source and the setting and never quotes a secret.
 */
public final class Sources implements SourceLookup {

    private static final String KNOWN_SCHEMES =
            "github, stripe, standard-webhooks (or svix), slack, shopify, hmac-sha256, none";
    private static final long DEFAULT_TOLERANCE_SECONDS = 300;
    private static final String ACTION_RECORD = "record";
    private static final String ACTION_FORWARD = "forward";
    private static final List<String> FORWARD_SETTINGS = List.of("forwardUrl", "forwardSecret", "forwardTimeoutSeconds");
    private static final List<String> RETRY_SETTINGS =
            List.of("maxAttempts", "initialDelaySeconds", "maxDelaySeconds", "backoffRate", "jitter");
    private static final String EXAMPLE_URL = "https://orders.example.com/hooks";

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

    @Override
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
        return new SourceConfig(name, scheme, keys, action(name, node), retry(name, node), exposePayload(name, node));
    }

    private static boolean exposePayload(String source, JsonNode node) {
        JsonNode expose = node.get("exposePayload");
        if (expose == null) {
            return false;
        }
        if (!expose.isBoolean()) {
            throw new SourceConfigurationException("source '" + source
                    + "': 'exposePayload' must be true or false (default false: the status API never shows the body)");
        }
        return expose.booleanValue();
    }

    private static ProcessAction action(String source, JsonNode node) {
        JsonNode action = node.get("action");
        String value = action == null ? ACTION_RECORD : action.isTextual() ? action.asText() : null;
        if (ACTION_RECORD.equals(value)) {
            for (String setting : FORWARD_SETTINGS) {
                if (node.has(setting)) {
                    throw new SourceConfigurationException("source '" + source + "' sets '" + setting
                            + "' but its action is 'record'; add 'action: forward', or remove '" + setting + "'");
                }
            }
            return new ProcessAction.RecordPayload();
        }
        if (ACTION_FORWARD.equals(value)) {
            return new ProcessAction.Forward(forwardUrl(source, node), forwardSecret(source, node),
                    Duration.ofSeconds(wholeNumber(source, node, "forwardTimeoutSeconds", "forwardTimeoutSeconds",
                            1, ProcessAction.Forward.MAX_TIMEOUT.toSeconds(),
                            ProcessAction.Forward.DEFAULT_TIMEOUT.toSeconds())));
        }
        throw new SourceConfigurationException("source '" + source + "' has "
                + (value == null ? "an 'action' that is not a string" : "unknown action '" + value + "'")
                + "; write 'action: record' (the default: keep the payload) or 'action: forward'");
    }

    // The URL is never quoted: a query string or user info may hold a token.
    private static URI forwardUrl(String source, JsonNode node) {
        JsonNode url = node.get("forwardUrl");
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw new SourceConfigurationException("source '" + source + "': action forward needs 'forwardUrl', "
                    + "the absolute http(s) URL to POST each webhook to, such as " + EXAMPLE_URL);
        }
        URI parsed;
        try {
            parsed = new URI(url.asText().trim());
        } catch (URISyntaxException notAUrl) {
            throw new SourceConfigurationException("source '" + source + "': 'forwardUrl' is not a valid URL"
                    + " (at character " + (notAUrl.getIndex() + 1) + "); write an absolute http(s) URL such as "
                    + EXAMPLE_URL + ", percent-encoding spaces and other special characters");
        }
        if (parsed.getRawUserInfo() != null) {
            throw new SourceConfigurationException("source '" + source + "': 'forwardUrl' must not carry a user name"
                    + " or password; the target can check each forward's webhook-signature instead");
        }
        if (!ProcessAction.Forward.isHttpUrl(parsed)) {
            String scheme = parsed.getScheme();
            String found = scheme == null ? "it is relative"
                    : scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https") ? "it has no host"
                    : scheme.length() <= 20 ? "it uses '" + scheme + ":'"
                    : "it uses another scheme";
            throw new SourceConfigurationException("source '" + source + "': 'forwardUrl' must be an absolute http or"
                    + " https URL with a host (" + found + "); write one such as " + EXAMPLE_URL);
        }
        return parsed;
    }

    private static Secret forwardSecret(String source, JsonNode node) {
        JsonNode secret = node.get("forwardSecret");
        if (secret == null) {
            throw new SourceConfigurationException("source '" + source + "': action forward needs 'forwardSecret',"
                    + " the Standard Webhooks signing secret the target verifies: '"
                    + StandardWebhooksSignature.SECRET_PREFIX + "' followed by base64");
        }
        String text = secret.isTextual() ? secret.asText() : "";
        if (text.startsWith(StandardWebhooksSignature.SECRET_PREFIX)) {
            try {
                return Secret.ofBytes(StandardWebhooksSignature.decodeSecret(text));
            } catch (IllegalArgumentException notBase64) {
                // Refused below, without the cause: nothing about the secret's characters should reach a log.
            }
        }
        throw new SourceConfigurationException("source '" + source + "': 'forwardSecret' must be '"
                + StandardWebhooksSignature.SECRET_PREFIX + "' followed by base64, a Standard Webhooks signing secret"
                + " (for example 24 to 64 random bytes, base64-encoded, after the prefix)");
    }

    private static Optional<RetrySettings> retry(String source, JsonNode node) {
        JsonNode retry = node.get("retry");
        if (retry == null) {
            return Optional.empty();
        }
        if (!retry.isObject()) {
            throw new SourceConfigurationException("source '" + source + "': 'retry' must be a mapping of "
                    + String.join(", ", RETRY_SETTINGS) + ", or be left out for the engine's default");
        }
        Iterator<String> names = retry.fieldNames();
        while (names.hasNext()) {
            String setting = names.next();
            if (!RETRY_SETTINGS.contains(setting)) {
                throw new SourceConfigurationException("source '" + source + "' has unknown setting 'retry." + setting
                        + "'; 'retry' knows " + String.join(", ", RETRY_SETTINGS));
            }
        }
        long maxDelayLimit = RetrySettings.MAX_DELAY.toSeconds();
        int maxAttempts = (int) wholeNumber(source, retry, "maxAttempts", "retry.maxAttempts",
                1, RetrySettings.MAX_ATTEMPTS, RetrySettings.DEFAULT_MAX_ATTEMPTS);
        long initialDelay = wholeNumber(source, retry, "initialDelaySeconds", "retry.initialDelaySeconds",
                0, maxDelayLimit, RetrySettings.DEFAULT_INITIAL_DELAY.toSeconds());
        long maxDelay = wholeNumber(source, retry, "maxDelaySeconds", "retry.maxDelaySeconds",
                0, maxDelayLimit, RetrySettings.DEFAULT_MAX_DELAY.toSeconds());
        if (maxDelay < initialDelay) {
            throw new SourceConfigurationException("source '" + source + "': 'retry.maxDelaySeconds' ("
                    + maxDelay + (retry.has("maxDelaySeconds") ? "" : ", the default") + ") must be at least"
                    + " 'retry.initialDelaySeconds' (" + initialDelay + "); raise maxDelaySeconds or lower"
                    + " initialDelaySeconds");
        }
        return Optional.of(new RetrySettings(maxAttempts, Duration.ofSeconds(initialDelay),
                Duration.ofSeconds(maxDelay), backoffRate(source, retry), jitter(source, retry)));
    }

    private static double backoffRate(String source, JsonNode retry) {
        JsonNode rate = retry.get("backoffRate");
        if (rate == null) {
            return RetrySettings.DEFAULT_BACKOFF_RATE;
        }
        if (!rate.isNumber() || !(rate.asDouble() >= 1) || Double.isInfinite(rate.asDouble())) {
            throw new SourceConfigurationException("source '" + source
                    + "': 'retry.backoffRate' must be a number of at least 1, such as 2.0 (1 keeps the delay constant)");
        }
        return rate.asDouble();
    }

    private static RetrySettings.Jitter jitter(String source, JsonNode retry) {
        JsonNode jitter = retry.get("jitter");
        if (jitter == null) {
            return RetrySettings.DEFAULT_JITTER;
        }
        if (jitter.isTextual()) {
            for (RetrySettings.Jitter known : RetrySettings.Jitter.values()) {
                if (known.name().toLowerCase(Locale.ROOT).equals(jitter.asText())) {
                    return known;
                }
            }
        }
        throw new SourceConfigurationException(
                "source '" + source + "': 'retry.jitter' must be 'none', 'full' or 'half'");
    }

    private static long wholeNumber(String source, JsonNode node, String field, String setting,
            long min, long max, long fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new SourceConfigurationException("source '" + source + "': '" + setting
                    + "' must be a whole number from " + min + " to " + max);
        }
        return value.asLong();
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
