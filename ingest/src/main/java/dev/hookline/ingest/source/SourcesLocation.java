package dev.hookline.ingest.source;

import dev.hookline.events.config.FunctionEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Finds the sources configuration a function was deployed with: a file (the local runtime's
 * {@code --sources}) or, on AWS, a Secrets Manager secret, so signing secrets never sit in plain
 * environment variables.
 */
public final class SourcesLocation {

    /** Path of a YAML or JSON sources file; the local runtime sets it. */
    public static final String SOURCES_FILE = "HOOKLINE_SOURCES_FILE";
    /** Name or ARN of a Secrets Manager secret whose string is the sources document. */
    public static final String SOURCES_SECRET = "HOOKLINE_SOURCES_SECRET";

    private SourcesLocation() {
    }

    /** The file's document as it is, or the secret's, read again every {@link RefreshingSources#DEFAULT_MAX_AGE}. */
    public static SourceLookup load(FunctionEnvironment environment) {
        String file = environment.variable(SOURCES_FILE);
        if (file != null && !file.isBlank()) {
            return Sources.fromFile(Path.of(file));
        }
        String secret = environment.variable(SOURCES_SECRET);
        if (secret != null && !secret.isBlank()) {
            return fromSecret(secret);
        }
        throw new SourceConfigurationException(
                "no sources configured: set " + SOURCES_SECRET + " (AWS) or " + SOURCES_FILE + " (local)");
    }

    private static SourceLookup fromSecret(String secretId) {
        // Kept for the function's life: the document is read again every few minutes.
        SecretsManagerClient secrets = SecretsManagerClient.create();
        return new RefreshingSources(() -> read(secrets, secretId), RefreshingSources.DEFAULT_MAX_AGE,
                Clock.systemUTC());
    }

    private static String read(SecretsManagerClient secrets, String secretId) {
        try {
            return secrets.getSecretValue(get -> get.secretId(secretId)).secretString();
        } catch (SecretsManagerException unreadable) {
            throw new SourceConfigurationException("cannot read the sources secret " + secretId + ": "
                    + unreadable.awsErrorDetails().errorCode(), unreadable);
        }
    }
}
