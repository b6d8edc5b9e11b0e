package dev.hookline.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hookline.ingest.IncomingWebhook;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.HmacSha256Signature;
import dev.hookline.ingest.signature.NoSignature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.ShopifySignature;
import dev.hookline.ingest.signature.SlackSignature;
import dev.hookline.ingest.signature.StandardWebhooksSignature;
import dev.hookline.ingest.signature.StripeSignature;
import dev.hookline.ingest.signature.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcesTest {

    private static final String SECRET_ONE = "s3cr3t-value-one";
    private static final String SECRET_TWO = "s3cr3t-value-two";

    @Test
    void parsesYamlDocument() {
        Sources sources = Sources.parse("""
                sources:
                  github:
                    scheme: github
                    secrets:
                      - %s
                      - %s
                  demo:
                    scheme: none
                """.formatted(SECRET_ONE, SECRET_TWO));

        SourceConfig github = sources.find("github").orElseThrow();
        assertThat(github.name()).isEqualTo("github");
        assertThat(github.scheme()).isInstanceOf(GitHubSignature.class);
        assertThat(github.secrets()).containsExactly(Secret.ofUtf8(SECRET_ONE), Secret.ofUtf8(SECRET_TWO));
        assertThat(sources.find("demo").orElseThrow().scheme()).isInstanceOf(NoSignature.class);
        assertThat(sources.all()).hasSize(2);
        assertThat(sources.find("stripe")).isEmpty();
    }

    @Test
    void aSourceExposesItsPayloadOnlyWhenItSaysExposePayloadTrue() {
        Sources sources = Sources.parse("""
                sources:
                  quiet:    { scheme: none }
                  open:     { scheme: none, exposePayload: true }
                  explicit: { scheme: none, exposePayload: false }
                """);

        assertThat(sources.find("quiet").orElseThrow().exposePayload()).isFalse();
        assertThat(sources.find("open").orElseThrow().exposePayload()).isTrue();
        assertThat(sources.find("explicit").orElseThrow().exposePayload()).isFalse();
    }

    @Test
    void exposePayloadThatIsNotABooleanIsRejectedNamingTheSourceAndSetting() {
        assertThatThrownBy(() -> Sources.parse("sources:\n  open: { scheme: none, exposePayload: \"yes please\" }\n"))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("'open'")
                .hasMessageContaining("'exposePayload' must be true or false");
    }

    @Test
    void parsesJsonDocument() {
        Sources sources = Sources.parse("""
                {"sources": {"github": {"scheme": "github", "secrets": ["%s"]}}}
                """.formatted(SECRET_ONE));

        SourceConfig github = sources.find("github").orElseThrow();
        assertThat(github.scheme()).isInstanceOf(GitHubSignature.class);
        assertThat(github.secrets()).containsExactly(Secret.ofUtf8(SECRET_ONE));
    }

    @Test
    void githubSourceWithoutSecretsIsRejectedNamingTheSource() {
        assertThatThrownBy(() -> Sources.parse("""
                sources:
                  octo-repo:
                    scheme: github
                """))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("'octo-repo'")
                .hasMessageContaining("no secrets");
    }

    @Test
    void githubSourceWithEmptySecretListIsRejected() {
        assertThatThrownBy(() -> Sources.parse("{\"sources\": {\"gh\": {\"scheme\": \"github\", \"secrets\": []}}}"))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("'gh'");
    }

    @Test
    void schemeNoneNeedsNoSecrets() {
        Sources sources = Sources.parse("""
                sources:
                  demo: { scheme: none }
                """);

        SourceConfig demo = sources.find("demo").orElseThrow();
        assertThat(demo.scheme()).isInstanceOf(NoSignature.class);
        assertThat(demo.secrets()).isEmpty();
    }

    @Test
    void unknownSchemeIsRejectedListingTheKnownSchemes() {
        assertThatThrownBy(() -> Sources.parse("""
                sources:
                  payments: { scheme: paypal, secrets: ["%s"] }
                """.formatted(SECRET_ONE)))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("'payments'")
                .hasMessageContaining("'paypal'")
                .hasMessageContaining(
                        "known schemes: github, stripe, standard-webhooks (or svix), slack, shopify, hmac-sha256, none");
    }

    @Test
    void documentWithoutSourcesMappingIsRejected() {
        for (String document : new String[] {"other: 1", "sources: {}", "sources: [github]", "", "{}"}) {
            assertThatThrownBy(() -> Sources.parse(document)).as(document)
                    .isInstanceOf(SourceConfigurationException.class)
                    .hasMessageContaining("'sources:'");
        }
    }

    @Test
    void errorMessagesNeverContainSecretValues() {
        String[] badDocuments = {
            "sources: { gh: { scheme: paypal, secrets: [\"" + SECRET_ONE + "\"] } }",
            "sources: { gh: { secrets: [\"" + SECRET_ONE + "\"] } }",
            "sources: { gh: { scheme: github, secrets: [\"" + SECRET_ONE + "\", 42] } }",
            "sources: { gh: { scheme: github, secrets: [\"" + SECRET_ONE + "\", \"\"] } }",
            "sources: { \"bad name!\": { scheme: github, secrets: [\"" + SECRET_ONE + "\"] } }",
        };
        for (String document : badDocuments) {
            assertThatThrownBy(() -> Sources.parse(document)).as(document)
                    .isInstanceOf(SourceConfigurationException.class)
                    .message().doesNotContain(SECRET_ONE);
        }
    }

    @Test
    void sourceConfigToStringMasksSecrets() {
        SourceConfig github = Sources.parse("""
                sources:
                  github: { scheme: github, secrets: ["%s", "%s"] }
                """.formatted(SECRET_ONE, SECRET_TWO)).find("github").orElseThrow();

        assertThat(github.toString())
                .contains("github")
                .doesNotContain(SECRET_ONE)
                .doesNotContain(SECRET_TWO)
                .doesNotContain("s3cr3t");
    }

    @Test
    void aSourceDefinedTwiceIsRejectedInsteadOfReplacingTheFirst() {
        assertThatThrownBy(() -> Sources.parse("""
                sources:
                  gh: { scheme: github, secrets: ["%s"] }
                  gh: { scheme: none }
                """.formatted(SECRET_ONE)))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("defined twice");
    }

    @Test
    void malformedYamlNeverCarriesTheSecretInItsCauseChain() {
        Throwable error = catchThrowable(() -> Sources.parse("""
                sources:
                  gh: { scheme: github, secrets: ["%s" "x"] }
                """.formatted(SECRET_ONE)));

        assertThat(error).isInstanceOf(SourceConfigurationException.class).hasMessageContaining("line 2");
        for (Throwable link = error; link != null; link = link.getCause()) {
            assertThat(String.valueOf(link.getMessage())).doesNotContain(SECRET_ONE);
        }
    }

    private static final Clock PINNED = Clock.fixed(Instant.ofEpochSecond(1_614_265_330L), ZoneOffset.UTC);

    @Test
    void stripeSourceParsesWithDefaultToleranceAndTheGivenClock() {
        SourceConfig stripe = Sources.parse("""
                sources:
                  stripe: { scheme: stripe, secrets: ["whsec_%s"] }
                """.formatted(SECRET_ONE), PINNED).find("stripe").orElseThrow();

        assertThat(stripe.scheme()).isEqualTo(new StripeSignature(Duration.ofSeconds(300), PINNED));
        assertThat(stripe.secrets()).containsExactly(Secret.ofUtf8("whsec_" + SECRET_ONE));
    }

    @Test
    void timestampedSchemesTakeTheirToleranceFromToleranceSeconds() {
        Sources sources = Sources.parse("""
                sources:
                  stripe: { scheme: stripe, secrets: ["%1$s"], toleranceSeconds: 60 }
                  slack: { scheme: slack, secrets: ["%1$s"], toleranceSeconds: 120 }
                  hooks: { scheme: standard-webhooks, secrets: ["%2$s"], toleranceSeconds: 30 }
                """.formatted(SECRET_ONE, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), PINNED);

        assertThat(sources.find("stripe").orElseThrow().scheme())
                .isEqualTo(new StripeSignature(Duration.ofSeconds(60), PINNED));
        assertThat(sources.find("slack").orElseThrow().scheme())
                .isEqualTo(new SlackSignature(Duration.ofSeconds(120), PINNED));
        assertThat(sources.find("hooks").orElseThrow().scheme())
                .isEqualTo(new StandardWebhooksSignature(Duration.ofSeconds(30), PINNED));
    }

    @Test
    void slackSourceKeepsItsSecretAsUtf8() {
        SourceConfig slack = Sources.parse("""
                sources:
                  slack: { scheme: slack, secrets: ["%s"] }
                """.formatted(SECRET_ONE), PINNED).find("slack").orElseThrow();

        assertThat(slack.scheme()).isEqualTo(new SlackSignature(Duration.ofSeconds(300), PINNED));
        assertThat(slack.secrets()).containsExactly(Secret.ofUtf8(SECRET_ONE));
    }

    @Test
    void parseWithoutAClockUsesTheSystemClock() {
        SourceConfig stripe = Sources.parse("""
                sources:
                  stripe: { scheme: stripe, secrets: ["%s"] }
                """.formatted(SECRET_ONE)).find("stripe").orElseThrow();

        assertThat(((StripeSignature) stripe.scheme()).clock()).isEqualTo(Clock.systemUTC());
    }

    @Test
    void standardWebhooksSecretsAreStoredAsTheirDecodedBytesUnderEitherName() {
        Sources sources = Sources.parse("""
                sources:
                  hooks: { scheme: standard-webhooks, secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] }
                  svix: { scheme: svix, secrets: ["c2VjcmV0LWtleS1ieXRlcw=="] }
                """, PINNED);

        SourceConfig hooks = sources.find("hooks").orElseThrow();
        assertThat(hooks.scheme()).isEqualTo(new StandardWebhooksSignature(Duration.ofSeconds(300), PINNED));
        assertThat(hooks.secrets()).containsExactly(
                Secret.ofBytes(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        SourceConfig svix = sources.find("svix").orElseThrow();
        assertThat(svix.scheme()).isInstanceOf(StandardWebhooksSignature.class);
        assertThat(svix.secrets()).containsExactly(Secret.ofUtf8("secret-key-bytes"));
    }

    @Test
    void pinnedClockLetsAParsedStandardWebhooksSourceVerifyThePublishedVector() {
        SourceConfig hooks = Sources.parse("""
                sources:
                  hooks: { scheme: standard-webhooks, secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] }
                """, PINNED).find("hooks").orElseThrow();
        IncomingWebhook webhook = new IncomingWebhook("hooks", Map.of(
                "webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "webhook-timestamp", "1614265330",
                "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8), "http://localhost");

        assertThat(hooks.scheme().verify(webhook, hooks.secrets())).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void shopifySourceParses() {
        SourceConfig shop = Sources.parse("""
                sources:
                  shop: { scheme: shopify, secrets: ["%s"] }
                """.formatted(SECRET_ONE)).find("shop").orElseThrow();

        assertThat(shop.scheme()).isEqualTo(new ShopifySignature());
        assertThat(shop.secrets()).containsExactly(Secret.ofUtf8(SECRET_ONE));
    }

    @Test
    void hmacSha256SourceParsesHeaderPrefixAndEncoding() {
        SourceConfig custom = Sources.parse("""
                sources:
                  custom:
                    scheme: hmac-sha256
                    secrets: ["%s"]
                    header: X-Acme-Signature
                    prefix: "sha256="
                    encoding: base64
                """.formatted(SECRET_ONE)).find("custom").orElseThrow();

        assertThat(custom.scheme()).isEqualTo(
                new HmacSha256Signature("X-Acme-Signature", "sha256=", HmacSha256Signature.Encoding.BASE64));
        assertThat(custom.secrets()).containsExactly(Secret.ofUtf8(SECRET_ONE));
    }

    @Test
    void hmacSha256SourceDefaultsToHexWithNoPrefix() {
        SourceConfig custom = Sources.parse("""
                sources:
                  custom: { scheme: hmac-sha256, secrets: ["%s"], header: X-Acme-Signature }
                """.formatted(SECRET_ONE)).find("custom").orElseThrow();

        assertThat(custom.scheme())
                .isEqualTo(new HmacSha256Signature("X-Acme-Signature", "", HmacSha256Signature.Encoding.HEX));
    }

    @Test
    void toleranceThatIsNotAPositiveWholeNumberIsRejectedNamingTheSource() {
        for (String scheme : List.of("stripe", "slack", "standard-webhooks")) {
            for (String tolerance : List.of("0", "-1", "-300", "1.5", "\"300\"", "abc")) {
                String document = """
                        sources:
                          timed:
                            scheme: %s
                            secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
                            toleranceSeconds: %s
                        """.formatted(scheme, tolerance);

                assertThatThrownBy(() -> Sources.parse(document, PINNED)).as(scheme + " " + tolerance)
                        .isInstanceOf(SourceConfigurationException.class)
                        .hasMessageContaining("'timed'")
                        .hasMessageContaining("toleranceSeconds");
            }
        }
    }

    @Test
    void hmacSha256WithoutHeaderIsRejectedNamingTheSource() {
        for (String header : List.of("", ", header: \"\"", ", header: 42")) {
            String document = "sources: { custom: { scheme: hmac-sha256, secrets: [\"" + SECRET_ONE + "\"]"
                    + header + " } }";

            assertThatThrownBy(() -> Sources.parse(document)).as(document)
                    .isInstanceOf(SourceConfigurationException.class)
                    .hasMessageContaining("'custom'")
                    .hasMessageContaining("'header'")
                    .message().doesNotContain(SECRET_ONE);
        }
    }

    @Test
    void hmacSha256WithUnknownEncodingIsRejected() {
        assertThatThrownBy(() -> Sources.parse("""
                sources:
                  custom: { scheme: hmac-sha256, secrets: ["%s"], header: X-Sig, encoding: base32 }
                """.formatted(SECRET_ONE)))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("'custom'")
                .hasMessageContaining("'hex' or 'base64'");
    }

    @Test
    void standardWebhooksSecretThatIsNotBase64IsRejectedNamingTheSourceWithoutTheSecret() {
        for (String scheme : List.of("standard-webhooks", "svix")) {
            Throwable error = catchThrowable(() -> Sources.parse("""
                    sources:
                      hooks: { scheme: %s, secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_%s!"] }
                    """.formatted(scheme, SECRET_ONE)));

            assertThat(error).as(scheme).isInstanceOf(SourceConfigurationException.class)
                    .hasMessageContaining("'hooks'")
                    .hasMessageContaining("base64");
            for (Throwable link = error; link != null; link = link.getCause()) {
                assertThat(String.valueOf(link.getMessage())).as(scheme)
                        .doesNotContain(SECRET_ONE)
                        .doesNotContain("MfKQ9r8G");
            }
        }
    }

    @Test
    void unknownSchemeMessageNamesEverySchemeThatParses() {
        Throwable error = catchThrowable(() -> Sources.parse("sources: { x: { scheme: paypal } }"));

        for (String scheme : List.of("github", "stripe", "standard-webhooks", "svix", "slack", "shopify",
                "hmac-sha256", "none")) {
            assertThat(error).as(scheme).hasMessageContaining(scheme);
            String document = "sources: { x: { scheme: " + scheme
                    + ", secrets: [\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"], header: X-Sig } }";
            assertThat(Sources.parse(document).find("x")).as(scheme).isPresent();
        }
    }
}
