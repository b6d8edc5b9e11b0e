package dev.hookline.ingest.source;

import dev.hookline.ingest.signature.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** What the processor's {@code process} step does with a source's verified webhooks. */
public sealed interface ProcessAction permits ProcessAction.RecordPayload, ProcessAction.Forward {

    /** Keeps the payload on the execution record and does nothing else; the default. */
    record RecordPayload() implements ProcessAction {
    }

    /**
     * POSTs the raw body to {@code url}, signed with the Standard Webhooks scheme under
     * {@code signingSecret}, waiting at most {@code timeout} for the answer.
     *
     * @param url an absolute {@code http} or {@code https} URL with a host and no user info
     * @param signingSecret the decoded key bytes (what follows {@code whsec_}, base64-decoded); prints masked
     * @param timeout how long one attempt may take, between 1 and 30 seconds: a batch of forwards runs in
     *     parallel within the processor's 60-second timeout
     */
    record Forward(URI url, Secret signingSecret, Duration timeout) implements ProcessAction {

        /** The timeout when a source names none. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
        /** The longest timeout a source may ask for. */
        public static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

        public Forward {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(signingSecret, "signingSecret");
            Objects.requireNonNull(timeout, "timeout");
            if (!isHttpUrl(url)) {
                throw new IllegalArgumentException("url must be an absolute http(s) URL with a host and no user info");
            }
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("timeout must be between 1 and 30 seconds");
            }
        }

        /** Whether {@code url} is one a forward may target: absolute http(s), with a host, without user info. */
        static boolean isHttpUrl(URI url) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && !url.isOpaque()
                    && url.getHost() != null
                    && url.getRawUserInfo() == null;
        }
    }
}
