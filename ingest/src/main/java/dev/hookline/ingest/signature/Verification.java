package dev.hookline.ingest.signature;

/** The outcome of checking a request's signature. */
public sealed interface Verification {

    /** The signature is valid. */
    record Verified() implements Verification {
    }

    /** The signature is missing, malformed, stale or wrong; the reason is safe to show the sender. */
    record Invalid(String reason) implements Verification {
    }

    static Verification verified() {
        return new Verified();
    }

    static Verification invalid(String reason) {
        return new Invalid(reason);
    }
}
