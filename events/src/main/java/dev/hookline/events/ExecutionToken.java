package dev.hookline.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The handle a sender gets back for one webhook: {@code recordId + secret}, 44 URL-safe characters.
 *
 * <p>The record id is derived from the idempotency key, so a duplicate delivery lands on the same
 * DynamoDB item and can be refused by a condition; the secret is 128 random bits stored on the
 * record, so holding a delivery id is not enough to read its status. One item, strongly
 * consistent reads, no index needed to resolve a token.
 */
public record ExecutionToken(String recordId, String secret) {

    private static final int PART_BYTES = 16;
    private static final int PART_CHARS = 22;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    public ExecutionToken {
        if (!isPart(recordId) || !isPart(secret)) {
            throw new IllegalArgumentException("token parts must be 22 base64url characters");
        }
    }

    /** Issues a fresh token for the record that the idempotency key addresses. */
    public static ExecutionToken issue(String idempotencyKey, SecureRandom random) {
        byte[] secret = new byte[PART_BYTES];
        random.nextBytes(secret);
        return new ExecutionToken(recordIdFor(idempotencyKey), BASE64URL.encodeToString(secret));
    }

    /** The DynamoDB key of the execution record for an idempotency key. */
    public static String recordIdFor(String idempotencyKey) {
        byte[] digest = sha256().digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
        return BASE64URL.encodeToString(Arrays.copyOf(digest, PART_BYTES));
    }

    /** Parses a token as sent by a client; empty when it is not well formed. */
    public static Optional<ExecutionToken> parse(String value) {
        if (value == null || value.length() != 2 * PART_CHARS) {
            return Optional.empty();
        }
        String recordId = value.substring(0, PART_CHARS);
        String secret = value.substring(PART_CHARS);
        if (!isPart(recordId) || !isPart(secret)) {
            return Optional.empty();
        }
        return Optional.of(new ExecutionToken(recordId, secret));
    }

    /** Whether another token names the same execution, compared in constant time. */
    public boolean matches(ExecutionToken other) {
        return MessageDigest.isEqual(
                value().getBytes(StandardCharsets.US_ASCII), other.value().getBytes(StandardCharsets.US_ASCII));
    }

    public String value() {
        return recordId + secret;
    }

    /**
     * The record id only: the token is a bearer credential for the status API, and whatever is
     * printed (a log line, an exception, a test failure) must not carry it. {@link #value()} is the
     * token itself.
     */
    @Override
    public String toString() {
        return recordId + "(secret hidden)";
    }

    private static boolean isPart(String part) {
        if (part == null || part.length() != PART_CHARS) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
