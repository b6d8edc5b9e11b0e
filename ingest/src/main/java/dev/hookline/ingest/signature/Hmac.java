package dev.hookline.ingest.signature;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over byte parts, and the constant-time check against presented signatures every scheme uses. */
public final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";

    private Hmac() {
    }

    public static byte[] sha256(Secret secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.bytes(), ALGORITHM));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /**
     * Verified when the HMAC of the signed content under any configured secret equals any presented
     * signature: several secrets cover our rotation, several signatures the sender's.
     */
    public static Verification verifyAny(List<Secret> secrets, List<byte[]> presented, byte[]... signedContent) {
        for (Secret secret : secrets) {
            byte[] expected = sha256(secret, signedContent);
            for (byte[] candidate : presented) {
                if (equal(expected, candidate)) {
                    return Verification.verified();
                }
            }
        }
        return Verification.invalid("the signature does not match the body for any configured secret");
    }

    /** Compares two digests without revealing, through timing, how many leading bytes match. */
    private static boolean equal(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
