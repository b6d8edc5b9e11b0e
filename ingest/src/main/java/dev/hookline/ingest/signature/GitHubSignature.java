package dev.hookline.ingest.signature;

import dev.hookline.ingest.IncomingWebhook;
import java.util.HexFormat;
import java.util.List;

/** GitHub's scheme: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}. */
public record GitHubSignature() implements SignatureScheme {

    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    public static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    public static final String EVENT_HEADER = "X-GitHub-Event";
    private static final String PREFIX = "sha256=";
    private static final int DIGEST_HEX_LENGTH = 64;

    @Override
    public Verification verify(IncomingWebhook webhook, List<Secret> secrets) {
        String header = webhook.header(SIGNATURE_HEADER);
        if (header == null) {
            return Verification.invalid("the " + SIGNATURE_HEADER + " header is missing");
        }
        String value = header.trim();
        if (!value.startsWith(PREFIX) || value.length() != PREFIX.length() + DIGEST_HEX_LENGTH) {
            return Verification.invalid(
                    "the " + SIGNATURE_HEADER + " header must be 'sha256=' followed by 64 hex digits");
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException notHex) {
            return Verification.invalid(
                    "the " + SIGNATURE_HEADER + " header must be 'sha256=' followed by 64 hex digits");
        }
        return Hmac.verifyAny(secrets, List.of(presented), webhook.body());
    }

    /** The header value a sender with this secret puts on this body, for tests and {@code hookline send}. */
    public static String sign(Secret secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(Hmac.sha256(secret, body));
    }

    @Override
    public String deliveryId(IncomingWebhook webhook) {
        return webhook.header(DELIVERY_HEADER);
    }

    @Override
    public String eventType(IncomingWebhook webhook) {
        return webhook.header(EVENT_HEADER);
    }
}
