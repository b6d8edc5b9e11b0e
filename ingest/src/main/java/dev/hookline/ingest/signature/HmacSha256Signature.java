package dev.hookline.ingest.signature;

import dev.hookline.ingest.IncomingWebhook;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Any sender that puts {@code <prefix><hex or base64 HMAC-SHA256 of the body>} in one header. It signs
 * no timestamp and names no delivery id, so the idempotency key falls back to the body's hash.
 */
public record HmacSha256Signature(String header, String prefix, Encoding encoding) implements SignatureScheme {

    private static final int DIGEST_BYTES = 32;

    /** How the digest is written after the prefix. */
    public enum Encoding {
        HEX, BASE64
    }

    public HmacSha256Signature {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(encoding, "encoding");
        if (header.isBlank()) {
            throw new IllegalArgumentException("the signature header name must not be blank");
        }
    }

    @Override
    public Verification verify(IncomingWebhook webhook, List<Secret> secrets) {
        String value = webhook.header(header);
        if (value == null) {
            return Verification.invalid("the " + header + " header is missing");
        }
        value = value.trim();
        byte[] presented = value.startsWith(prefix) ? decode(value.substring(prefix.length())) : null;
        if (presented == null || presented.length != DIGEST_BYTES) {
            return Verification.invalid("the " + header + " header must be "
                    + (prefix.isEmpty() ? "" : "'" + prefix + "' followed by ")
                    + (encoding == Encoding.HEX ? "64 hex digits" : "the base64 of a 32-byte HMAC-SHA256"));
        }
        return Hmac.verifyAny(secrets, List.of(presented), webhook.body());
    }

    /** The header value a sender with this secret puts on this body, for tests and {@code hookline send}. */
    public static String sign(String prefix, Encoding encoding, Secret secret, byte[] body) {
        byte[] digest = Hmac.sha256(secret, body);
        return prefix + (encoding == Encoding.HEX
                ? HexFormat.of().formatHex(digest)
                : Base64.getEncoder().encodeToString(digest));
    }



    private byte[] decode(String digest) {
        try {
            return encoding == Encoding.HEX ? HexFormat.of().parseHex(digest) : Base64.getDecoder().decode(digest);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
