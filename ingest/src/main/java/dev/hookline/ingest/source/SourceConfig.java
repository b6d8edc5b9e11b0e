package dev.hookline.ingest.source;

import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.SignatureScheme;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured webhook sender: how its requests are verified, what the processor's {@code process}
 * step does with them, and how that step is retried ({@link Optional#empty()}: the engine's default).
 * Secrets print masked.
 *
 * @param exposePayload whether ingest keeps the body on the execution record and the status API shows
 *     it to anyone holding the token; off unless the source says {@code exposePayload: true}
 */
public record SourceConfig(String name, SignatureScheme scheme, List<Secret> secrets, ProcessAction action,
        Optional<RetrySettings> retry, boolean exposePayload) {

    public SourceConfig {
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(action, "action");
        retry = retry == null ? Optional.empty() : retry;
        if (scheme.requiresSecrets() && secrets.isEmpty()) {
            throw new SourceConfigurationException("source '" + name
                    + "' has no secrets; give it at least one, or say 'scheme: none' to accept unsigned requests");
        }
    }

    /** A source that does not expose its payloads. */
    public SourceConfig(String name, SignatureScheme scheme, List<Secret> secrets, ProcessAction action,
            Optional<RetrySettings> retry) {
        this(name, scheme, secrets, action, retry, false);
    }

    /** A source whose webhooks are recorded, retried with the engine's default. */
    public SourceConfig(String name, SignatureScheme scheme, List<Secret> secrets) {
        this(name, scheme, secrets, new ProcessAction.RecordPayload(), Optional.empty());
    }
}
