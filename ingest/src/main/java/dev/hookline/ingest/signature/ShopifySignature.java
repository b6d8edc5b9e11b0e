package dev.hookline.ingest.signature;

import dev.hookline.ingest.IncomingWebhook;
import java.util.Base64;
import java.util.List;

/**
 * Shopify's scheme: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>}; delivery id from
 * {@code X-Shopify-Webhook-Id}, event type from {@code X-Shopify-Topic}. Shopify signs no timestamp,
 * so replays are caught only by the delivery id.
 */
public record ShopifySignature() implements SignatureScheme {

    public static final String SIGNATURE_HEADER = "X-Shopify-Hmac-Sha256";
    public static final String DELIVERY_HEADER = "X-Shopify-Webhook-Id";
    public static final String TOPIC_HEADER = "X-Shopify-Topic";
    private static final int DIGEST_BYTES = 32;
    private static final String MALFORMED =
            "the " + SIGNATURE_HEADER + " header must be the base64 of a 32-byte HMAC-SHA256";

    @Override
    public Verification verify(IncomingWebhook webhook, List<Secret> secrets) {
        String header = webhook.header(SIGNATURE_HEADER);
        if (header == null) {
            return Verification.invalid("the " + SIGNATURE_HEADER + " header is missing");
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException notBase64) {
            return Verification.invalid(MALFORMED);
        }
        if (presented.length != DIGEST_BYTES) {
            return Verification.invalid(MALFORMED);
        }
        return Hmac.verifyAny(secrets, List.of(presented), webhook.body());
    }

    /** The {@code X-Shopify-Hmac-Sha256} value a sender with this secret puts on this body, for tests and {@code hookline send}. */
    public static String sign(Secret secret, byte[] body) {
        return Base64.getEncoder().encodeToString(Hmac.sha256(secret, body));
    }

    @Override
    public String deliveryId(IncomingWebhook webhook) {
        return webhook.header(DELIVERY_HEADER);
    }

    @Override
    public String eventType(IncomingWebhook webhook) {
        return webhook.header(TOPIC_HEADER);
    }
}
