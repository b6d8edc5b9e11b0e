package dev.hookline.ingest.signature;

import dev.hookline.ingest.IncomingWebhook;
import java.util.List;

/** For sources configured with {@code scheme: none}: nothing is verified. Never the default. */
public record NoSignature() implements SignatureScheme {

    @Override
    public Verification verify(IncomingWebhook webhook, List<Secret> secrets) {
        return Verification.verified();
    }



    @Override
    public boolean requiresSecrets() {
        return false;
    }
}
