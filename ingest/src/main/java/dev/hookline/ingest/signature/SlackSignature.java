package dev.hookline.ingest.signature;

import dev.hookline.ingest.IncomingWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Slack's scheme: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:timestamp:body">}, with the
 * timestamp in {@code X-Slack-Request-Timestamp}. Slack sends no delivery id.
 */
public record SlackSignature(Duration tolerance, Clock clock) implements SignatureScheme {

    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    private static final String PREFIX = "v0=";
    private static final int DIGEST_HEX_LENGTH = 64;
    private static final String MALFORMED =
            "the " + SIGNATURE_HEADER + " header must be 'v0=' followed by 64 hex digits";

    public SlackSignature {
        SignedTimestamp.requirePositive(tolerance);
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Verification verify(IncomingWebhook webhook, List<Secret> secrets) {
        String header = webhook.header(SIGNATURE_HEADER);
        String timestamp = webhook.header(TIMESTAMP_HEADER);
        if (header == null) {
            return Verification.invalid("the " + SIGNATURE_HEADER + " header is missing");
        }
        if (timestamp == null) {
            return Verification.invalid("the " + TIMESTAMP_HEADER + " header is missing");
        }
        timestamp = timestamp.trim();
        if (!SignedTimestamp.isUnixSeconds(timestamp)) {
            return Verification.invalid("the " + TIMESTAMP_HEADER + " header must be whole unix seconds");
        }
        String value = header.trim();
        if (!value.startsWith(PREFIX) || value.length() != PREFIX.length() + DIGEST_HEX_LENGTH) {
            return Verification.invalid(MALFORMED);
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException notHex) {
            return Verification.invalid(MALFORMED);
        }
        Verification fresh = SignedTimestamp.check(TIMESTAMP_HEADER + " header", timestamp, tolerance, clock);
        if (fresh instanceof Verification.Invalid) {
            return fresh;
        }
        return Hmac.verifyAny(secrets, List.of(presented), signedPrefix(timestamp), webhook.body());
    }

    /** The {@code X-Slack-Signature} value a sender with this secret puts on this body at this time, for tests and {@code hookline send}. */
    public static String sign(Secret secret, long timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(digest(secret, Long.toString(timestamp), body));
    }



    private static byte[] digest(Secret secret, String timestamp, byte[] body) {
        return Hmac.sha256(secret, signedPrefix(timestamp), body);
    }

    private static byte[] signedPrefix(String timestamp) {
        return ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
    }
}
