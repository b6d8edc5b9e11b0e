package dev.hookline.ingest.signature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.json.Json;
import dev.hookline.ingest.IncomingWebhook;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Stripe's scheme: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, keyed
 * with the whole {@code whsec_...} string; the delivery id is the event's JSON {@code id}.
 */
public record StripeSignature(Duration tolerance, Clock clock) implements SignatureScheme {

    public static final String SIGNATURE_HEADER = "Stripe-Signature";
    private static final String MALFORMED = "the " + SIGNATURE_HEADER
            + " header must be 't=<unix seconds>' and at least one 'v1=<64 hex digits>', separated by commas";
    private static final int DIGEST_HEX_LENGTH = 64;

    public StripeSignature {
        SignedTimestamp.requirePositive(tolerance);
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Verification verify(IncomingWebhook webhook, List<Secret> secrets) {
        String header = webhook.header(SIGNATURE_HEADER);
        if (header == null) {
            return Verification.invalid("the " + SIGNATURE_HEADER + " header is missing");
        }
        String timestamp = null;
        List<byte[]> presented = new ArrayList<>();
        for (String item : header.split(",", -1)) {
            int equals = item.indexOf('=');
            if (equals < 0) {
                return Verification.invalid(MALFORMED);
            }
            String key = item.substring(0, equals).trim();
            String value = item.substring(equals + 1).trim();
            if (key.equals("t")) {
                // Two timestamps would leave it open which one was signed.
                if (timestamp != null) {
                    return Verification.invalid(MALFORMED);
                }
                timestamp = value;
            } else if (key.equals("v1")) {
                byte[] digest = parseDigest(value);
                if (digest == null) {
                    return Verification.invalid(MALFORMED);
                }
                presented.add(digest);
            }
            // Other keys (v0 is Stripe's test-mode scheme) are deliberately not trusted.
        }
        if (!SignedTimestamp.isUnixSeconds(timestamp) || presented.isEmpty()) {
            return Verification.invalid(MALFORMED);
        }
        Verification fresh = SignedTimestamp.check(SIGNATURE_HEADER + " timestamp", timestamp, tolerance, clock);
        if (fresh instanceof Verification.Invalid) {
            return fresh;
        }
        return Hmac.verifyAny(secrets, presented, signedPrefix(timestamp), webhook.body());
    }

    /** The header value a sender with this secret puts on this body at this time, for tests and {@code hookline send}. */
    public static String sign(Secret secret, long timestamp, byte[] body) {
        String t = Long.toString(timestamp);
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest(secret, t, body));
    }

    @Override
    public String deliveryId(IncomingWebhook webhook) {
        try {
            JsonNode id = Json.tree(webhook.body()).path("id");
            return id.isTextual() ? id.asText() : null;
        } catch (Json.MalformedJsonException | UncheckedIOException unparseable) {
            // The body is refused later as malformed JSON; here it simply has no id.
            return null;
        }
    }


    private static byte[] digest(Secret secret, String timestamp, byte[] body) {
        return Hmac.sha256(secret, signedPrefix(timestamp), body);
    }

    private static byte[] signedPrefix(String timestamp) {
        // The timestamp is signed exactly as the sender wrote it, so it is not re-formatted.
        return (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] parseDigest(String hex) {
        if (hex.length() != DIGEST_HEX_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }
}
