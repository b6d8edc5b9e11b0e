package dev.hookline.ingest.signature;

import dev.hookline.ingest.IncomingWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The Standard Webhooks scheme (also Svix's): {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}, keyed with the base64-decoded {@code whsec_} secret; the delivery id is
 * {@code webhook-id}. Svix's {@code svix-*} header names are accepted when no {@code webhook-*} is sent.
 */
public record StandardWebhooksSignature(Duration tolerance, Clock clock) implements SignatureScheme {

    public static final String SECRET_PREFIX = "whsec_";
    private static final Headers STANDARD = new Headers("webhook-id", "webhook-timestamp", "webhook-signature");
    private static final Headers SVIX = new Headers("svix-id", "svix-timestamp", "svix-signature");
    private static final String VERSION = "v1";

    public StandardWebhooksSignature {
        SignedTimestamp.requirePositive(tolerance);
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The key bytes of a configured secret: base64 after an optional {@code whsec_} prefix.
     *
     * @throws IllegalArgumentException if the rest is not base64 or is empty; the message never quotes it
     */
    public static byte[] decodeSecret(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the secret is not base64 after its '" + SECRET_PREFIX + "' prefix");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("the secret is empty after its '" + SECRET_PREFIX + "' prefix");
        }
        return key;
    }

    @Override
    public Verification verify(IncomingWebhook webhook, List<Secret> secrets) {
        Headers names = headersIn(webhook);
        String id = webhook.header(names.id());
        String timestamp = webhook.header(names.timestamp());
        String signatures = webhook.header(names.signature());
        String missing = id == null ? names.id()
                : timestamp == null ? names.timestamp()
                : signatures == null ? names.signature()
                : null;
        if (missing != null) {
            return Verification.invalid("the " + missing + " header is missing");
        }
        timestamp = timestamp.trim();
        if (!SignedTimestamp.isUnixSeconds(timestamp)) {
            return Verification.invalid("the " + names.timestamp() + " header must be whole unix seconds");
        }
        List<byte[]> presented = v1Signatures(signatures);
        if (presented.isEmpty()) {
            return Verification.invalid("the " + names.signature()
                    + " header must hold at least one 'v1,<base64>' signature, separated by spaces");
        }
        Verification fresh = SignedTimestamp.check(names.timestamp() + " header", timestamp, tolerance, clock);
        if (fresh instanceof Verification.Invalid) {
            return fresh;
        }
        return Hmac.verifyAny(secrets, presented, signedPrefix(id, timestamp), webhook.body());
    }

    /**
     * The {@code webhook-signature} value a sender puts on this message: what the forward action sends.
     *
     * @param secret the decoded key, as {@link #decodeSecret} gives it
     */
    public static String sign(Secret secret, String id, long timestamp, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(digest(secret, id, Long.toString(timestamp), body));
    }

    @Override
    public String deliveryId(IncomingWebhook webhook) {
        return webhook.header(headersIn(webhook).id());
    }


    // One family or the other, never a mix, so a Svix timestamp cannot stand in for a missing standard one.
    private static Headers headersIn(IncomingWebhook webhook) {
        boolean standard = webhook.header(STANDARD.id()) != null
                || webhook.header(STANDARD.timestamp()) != null
                || webhook.header(STANDARD.signature()) != null;
        return standard ? STANDARD : SVIX;
    }

    // Entries of other versions, or that do not decode, are skipped: they cannot match, and a sender
    // may list several while rotating.
    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals(VERSION)) {
                continue;
            }
            try {
                signatures.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
            } catch (IllegalArgumentException notBase64) {
                // skipped, see above
            }
        }
        return signatures;
    }

    private static byte[] digest(Secret secret, String id, String timestamp, byte[] body) {
        return Hmac.sha256(secret, signedPrefix(id, timestamp), body);
    }

    private static byte[] signedPrefix(String id, String timestamp) {
        return (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    }

    private record Headers(String id, String timestamp, String signature) {
    }
}
