package dev.hookline.local.cli;

import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.HmacSha256Signature;
import dev.hookline.ingest.signature.NoSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.ShopifySignature;
import dev.hookline.ingest.signature.SignatureScheme;
import dev.hookline.ingest.signature.SlackSignature;
import dev.hookline.ingest.signature.StandardWebhooksSignature;
import dev.hookline.ingest.signature.StripeSignature;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The headers a sender using a scheme puts on a body: the signature over the raw bytes, and the
 * delivery id and event type where the scheme carries them in headers. What {@code hookline send}
 * posts; the signatures come from each scheme's own {@code sign} method.
 */
public final class SignedWebhook {

    /** The schemes {@code --scheme} accepts by name. */
    public static final String SCHEME_NAMES = "github, stripe, standard-webhooks, slack, shopify, hmac-sha256, none";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private SignedWebhook() {
    }

    /**
     * A scheme by the name a sources file uses. {@code hmac-sha256} needs a header, a prefix and an
     * encoding, which only a sources file gives.
     */
    public static SignatureScheme scheme(String name, Clock clock) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "github" -> new GitHubSignature();
            case "stripe" -> new StripeSignature(TOLERANCE, clock);
            case "standard-webhooks", "svix" -> new StandardWebhooksSignature(TOLERANCE, clock);
            case "slack" -> new SlackSignature(TOLERANCE, clock);
            case "shopify" -> new ShopifySignature();
            case "none" -> new NoSignature();
            case "hmac-sha256" -> throw new IllegalArgumentException(
                    "scheme hmac-sha256 needs its header, prefix and encoding: give --sources FILE with the source");
            default -> throw new IllegalArgumentException(
                    "unknown scheme '" + name + "'; known schemes: " + SCHEME_NAMES);
        };
    }

    /** The name a sources file uses for a scheme. */
    public static String name(SignatureScheme scheme) {
        if (scheme instanceof GitHubSignature) {
            return "github";
        } else if (scheme instanceof StripeSignature) {
            return "stripe";
        } else if (scheme instanceof StandardWebhooksSignature) {
            return "standard-webhooks";
        } else if (scheme instanceof SlackSignature) {
            return "slack";
        } else if (scheme instanceof ShopifySignature) {
            return "shopify";
        } else if (scheme instanceof HmacSha256Signature) {
            return "hmac-sha256";
        }
        return "none";
    }

    /**
     * A secret as a sender writes it, turned into the key the scheme signs with: a Standard Webhooks
     * {@code whsec_} secret is base64-decoded, every other one is used as its UTF-8 bytes.
     */
    public static Secret secret(SignatureScheme scheme, String value) {
        return scheme instanceof StandardWebhooksSignature
                ? Secret.ofBytes(StandardWebhooksSignature.decodeSecret(value))
                : Secret.ofUtf8(value);
    }

    /**
     * The headers for {@code body}.
     *
     * @param deliveryId the delivery id for schemes that send one in a header; empty: a fresh random one
     * @param eventType the event type for schemes that send one in a header (github, shopify)
     * @throws IllegalArgumentException when a delivery id or event type is given to a scheme that has no
     *     header for it, or a secret is missing
     */
    public static Map<String, String> headers(SignatureScheme scheme, Optional<Secret> secret, byte[] body,
            Optional<String> deliveryId, Optional<String> eventType, Clock clock) {
        String name = name(scheme);
        if (scheme.requiresSecrets() && secret.isEmpty()) {
            throw new IllegalArgumentException("scheme " + name + " signs with a secret: give --secret (or --sources"
                    + " FILE whose source lists one)");
        }
        boolean carriesDeliveryId = scheme instanceof GitHubSignature || scheme instanceof ShopifySignature
                || scheme instanceof StandardWebhooksSignature;
        boolean carriesEventType = scheme instanceof GitHubSignature || scheme instanceof ShopifySignature;
        if (deliveryId.isPresent() && !carriesDeliveryId) {
            throw new IllegalArgumentException("scheme " + name + " has no delivery id header"
                    + (scheme instanceof StripeSignature ? " (Stripe's is the payload's \"id\")" : "")
                    + "; leave out --delivery-id");
        }
        if (eventType.isPresent() && !carriesEventType) {
            throw new IllegalArgumentException("scheme " + name + " has no event type header (the payload's \"type\""
                    + " is used); leave out --event-type");
        }
        String id = deliveryId.orElseGet(() -> UUID.randomUUID().toString());
        long now = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        if (scheme instanceof GitHubSignature) {
            headers.put(GitHubSignature.SIGNATURE_HEADER, GitHubSignature.sign(secret.get(), body));
            headers.put(GitHubSignature.DELIVERY_HEADER, id);
            eventType.ifPresent(type -> headers.put(GitHubSignature.EVENT_HEADER, type));
        } else if (scheme instanceof StripeSignature) {
            headers.put(StripeSignature.SIGNATURE_HEADER, StripeSignature.sign(secret.get(), now, body));
        } else if (scheme instanceof StandardWebhooksSignature) {
            headers.put("webhook-id", id);
            headers.put("webhook-timestamp", Long.toString(now));
            headers.put("webhook-signature", StandardWebhooksSignature.sign(secret.get(), id, now, body));
        } else if (scheme instanceof SlackSignature) {
            headers.put(SlackSignature.TIMESTAMP_HEADER, Long.toString(now));
            headers.put(SlackSignature.SIGNATURE_HEADER, SlackSignature.sign(secret.get(), now, body));
        } else if (scheme instanceof ShopifySignature) {
            headers.put(ShopifySignature.SIGNATURE_HEADER, ShopifySignature.sign(secret.get(), body));
            headers.put(ShopifySignature.DELIVERY_HEADER, id);
            eventType.ifPresent(type -> headers.put(ShopifySignature.TOPIC_HEADER, type));
        } else if (scheme instanceof HmacSha256Signature custom) {
            headers.put(custom.header(), HmacSha256Signature.sign(custom.prefix(), custom.encoding(), secret.get(), body));
        }
        return headers;
    }
}
