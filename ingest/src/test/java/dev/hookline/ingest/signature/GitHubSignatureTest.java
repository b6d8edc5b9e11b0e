package dev.hookline.ingest.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.ingest.IncomingWebhook;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubSignatureTest {

    /** GitHub's documented test vector ("Validating webhook deliveries"). */
    private static final Secret DOCUMENTED_SECRET = Secret.ofUtf8("It's a Secret to Everybody");
    private static final String DOCUMENTED_PAYLOAD = "Hello, World!";
    private static final String DOCUMENTED_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private final GitHubSignature scheme = new GitHubSignature();

    @Test
    void publishedGitHubVectorVerifies() {
        Verification result = scheme.verify(signed(DOCUMENTED_PAYLOAD, DOCUMENTED_SIGNATURE), List.of(DOCUMENTED_SECRET));

        assertThat(result).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void tamperedBodyIsRejected() {
        Verification result = scheme.verify(signed("Hello, World?", DOCUMENTED_SIGNATURE), List.of(DOCUMENTED_SECRET));

        assertThat(result).isInstanceOfSatisfying(Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("does not match"));
    }

    @Test
    void wrongSecretIsRejected() {
        Verification result = scheme.verify(signed(DOCUMENTED_PAYLOAD, DOCUMENTED_SIGNATURE),
                List.of(Secret.ofUtf8("It's a Secret to Nobody")));

        assertThat(result).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void noConfiguredSecretsRejects() {
        assertThat(scheme.verify(signed(DOCUMENTED_PAYLOAD, DOCUMENTED_SIGNATURE), List.of()))
                .isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void rotatedSecretListPassesWhenAnyLaterSecretMatches() {
        Verification result = scheme.verify(signed(DOCUMENTED_PAYLOAD, DOCUMENTED_SIGNATURE),
                List.of(Secret.ofUtf8("the new secret"), DOCUMENTED_SECRET));

        assertThat(result).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void missingSignatureHeaderIsRejectedNamingTheHeader() {
        IncomingWebhook webhook = webhook(Map.of("X-GitHub-Event", "push"), DOCUMENTED_PAYLOAD);

        assertThat(scheme.verify(webhook, List.of(DOCUMENTED_SECRET))).isInstanceOfSatisfying(
                Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("X-Hub-Signature-256").contains("missing"));
    }

    @Test
    void signatureWithoutSha256PrefixIsRejected() {
        String bareHex = DOCUMENTED_SIGNATURE.substring("sha256=".length());

        assertThat(scheme.verify(signed(DOCUMENTED_PAYLOAD, bareHex), List.of(DOCUMENTED_SECRET)))
                .isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("X-Hub-Signature-256").contains("sha256="));
        assertThat(scheme.verify(signed(DOCUMENTED_PAYLOAD, DOCUMENTED_SIGNATURE.replace("sha256=", "sha1=")),
                List.of(DOCUMENTED_SECRET))).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void signatureOfWrongLengthIsRejected() {
        assertThat(scheme.verify(signed(DOCUMENTED_PAYLOAD, DOCUMENTED_SIGNATURE.substring(0, 70)),
                List.of(DOCUMENTED_SECRET))).isInstanceOf(Verification.Invalid.class);
        assertThat(scheme.verify(signed(DOCUMENTED_PAYLOAD, DOCUMENTED_SIGNATURE + "00"),
                List.of(DOCUMENTED_SECRET))).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void signatureWithNonHexDigitsIsRejected() {
        String nonHex = DOCUMENTED_SIGNATURE.substring(0, 69) + "zz";

        assertThat(nonHex).hasSameSizeAs(DOCUMENTED_SIGNATURE);
        assertThat(scheme.verify(signed(DOCUMENTED_PAYLOAD, nonHex), List.of(DOCUMENTED_SECRET)))
                .isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("64 hex digits"));
    }

    @Test
    void signatureHeaderIsFoundWhateverItsCase() {
        for (String name : List.of("x-hub-signature-256", "X-HUB-SIGNATURE-256", "x-Hub-Signature-256")) {
            IncomingWebhook webhook = webhook(Map.of(name, DOCUMENTED_SIGNATURE), DOCUMENTED_PAYLOAD);

            assertThat(scheme.verify(webhook, List.of(DOCUMENTED_SECRET))).as(name)
                    .isInstanceOf(Verification.Verified.class);
        }
    }

    @Test
    void deliveryIdAndEventTypeComeFromGitHubHeaders() {
        IncomingWebhook webhook = webhook(Map.of(
                "x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                "X-GitHub-Event", "issues",
                "X-Hub-Signature-256", DOCUMENTED_SIGNATURE), DOCUMENTED_PAYLOAD);

        assertThat(scheme.deliveryId(webhook)).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(scheme.eventType(webhook)).isEqualTo("issues");
    }

    @Test
    void deliveryIdAndEventTypeAreNullWhenHeadersAreAbsent() {
        IncomingWebhook webhook = signed(DOCUMENTED_PAYLOAD, DOCUMENTED_SIGNATURE);

        assertThat(scheme.deliveryId(webhook)).isNull();
        assertThat(scheme.eventType(webhook)).isNull();
    }

    @Test
    void secretToStringNeverShowsTheValue() {
        Secret secret = Secret.ofUtf8("It's a Secret to Everybody");

        assertThat(secret.toString()).doesNotContain("It's a Secret to Everybody").doesNotContain("Secret to");
        assertThat(List.of(secret).toString()).doesNotContain("Everybody");
        assertThat(Secret.ofBytes("hunter2".getBytes(StandardCharsets.UTF_8)).toString()).doesNotContain("hunter2");
    }

    private static IncomingWebhook signed(String body, String signature) {
        return webhook(Map.of("X-Hub-Signature-256", signature), body);
    }

    private static IncomingWebhook webhook(Map<String, String> headers, String body) {
        return new IncomingWebhook("github", headers, body.getBytes(StandardCharsets.UTF_8), "http://localhost");
    }
}
