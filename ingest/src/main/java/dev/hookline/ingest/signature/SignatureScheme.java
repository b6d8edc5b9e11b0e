package dev.hookline.ingest.signature;

import dev.hookline.ingest.IncomingWebhook;
import java.util.List;

/**
 * How one kind of sender signs its webhooks, and where it puts its delivery id and event type.
 * Every scheme computes over the raw body bytes and fails closed: a missing or malformed header is
 * {@link Verification.Invalid}, never a pass.
 */
public sealed interface SignatureScheme
        permits GitHubSignature, StripeSignature, StandardWebhooksSignature, SlackSignature, ShopifySignature,
        HmacSha256Signature, NoSignature {

    /** Checks the request against every configured secret; one match is enough (rotation). */
    Verification verify(IncomingWebhook webhook, List<Secret> secrets);

    /** The sender's id for this delivery, or {@code null} when the scheme has none. */
    default String deliveryId(IncomingWebhook webhook) {
        return null;
    }

    /** The event type the sender declares in a header, or {@code null}. */
    default String eventType(IncomingWebhook webhook) {
        return null;
    }

    /** Whether the scheme needs secrets; only {@link NoSignature} does not. */
    default boolean requiresSecrets() {
        return true;
    }
}
