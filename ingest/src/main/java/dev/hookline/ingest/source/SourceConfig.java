package dev.hookline.ingest.source;

import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.SignatureScheme;
import java.util.List;

/** One configured webhook sender: how its requests are verified. Secrets print masked. */
public record SourceConfig(String name, SignatureScheme scheme, List<Secret> secrets) {

    public SourceConfig {
        secrets = List.copyOf(secrets);
        if (scheme.requiresSecrets() && secrets.isEmpty()) {
            throw new SourceConfigurationException("source '" + name
                    + "' has no secrets; give it at least one, or say 'scheme: none' to accept unsigned requests");
        }
    }
}
