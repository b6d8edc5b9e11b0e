package dev.hookline.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.ingest.IncomingWebhook;
import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.HmacSha256Signature;
import dev.hookline.ingest.signature.Secret;
import dev.hookline.ingest.signature.SignatureScheme;
import dev.hookline.ingest.signature.Verification;
import dev.hookline.ingest.source.SourceConfig;
import dev.hookline.ingest.source.Sources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code hookline send} signs passes the very verification ingest runs, for every scheme. */
class SendCommandSigningTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"order\",\"orderId\":\"A-1\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void everyNamedSchemeSignsSoThatItsOwnVerificationAcceptsTheRequest() {
        Map<String, String> secrets = Map.of(
                "github", "gh-secret",
                "stripe", "whsec_stripe",
                "standard-webhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "slack", "slack-secret",
                "shopify", "shop-secret");
        secrets.forEach((name, value) -> {
            SignatureScheme scheme = SignedWebhook.scheme(name, CLOCK);
            Secret secret = SignedWebhook.secret(scheme, value);

            Map<String, String> headers =
                    SignedWebhook.headers(scheme, Optional.of(secret), BODY, Optional.empty(), Optional.empty(), CLOCK);

            assertThat(scheme.verify(request(headers, BODY), List.of(secret))).as(name)
                    .isInstanceOf(Verification.Verified.class);
            assertThat(scheme.verify(request(headers, "{\"tampered\":true}".getBytes(StandardCharsets.UTF_8)),
                    List.of(secret))).as(name + " over other bytes").isInstanceOf(Verification.Invalid.class);
            assertThat(String.join(" ", headers.values())).as(name).doesNotContain(value);
        });
    }

    @Test
    void aCustomHmacSchemeFromASourcesFileSignsWithItsHeaderPrefixAndEncoding() {
        SourceConfig partner = Sources.parse("""
                sources:
                  partner: { scheme: hmac-sha256, header: X-Signature, prefix: "sha256=", encoding: base64, secrets: ["p-secret"] }
                """).find("partner").orElseThrow();

        Map<String, String> headers = SignedWebhook.headers(partner.scheme(), Optional.of(partner.secrets().get(0)),
                BODY, Optional.empty(), Optional.empty(), CLOCK);

        assertThat(headers).containsKey("X-Signature");
        assertThat(headers.get("X-Signature")).startsWith("sha256=");
        assertThat(partner.scheme().verify(request(headers, BODY), partner.secrets()))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void hmacSha256ByNameAloneIsRefusedBecauseItNeedsItsHeader() {
        assertThatThrownBy(() -> SignedWebhook.scheme("hmac-sha256", CLOCK)).hasMessageContaining("--sources");
        assertThatThrownBy(() -> SignedWebhook.scheme("rot13", CLOCK)).hasMessageContaining("github");
    }

    @Test
    void githubCarriesTheGivenDeliveryIdAndEventTypeAndAFreshDeliveryIdOtherwise() {
        Secret secret = Secret.ofUtf8("s");
        Map<String, String> given = SignedWebhook.headers(new GitHubSignature(), Optional.of(secret), BODY,
                Optional.of("delivery-7"), Optional.of("push"), CLOCK);
        Map<String, String> first = SignedWebhook.headers(new GitHubSignature(), Optional.of(secret), BODY,
                Optional.empty(), Optional.empty(), CLOCK);
        Map<String, String> second = SignedWebhook.headers(new GitHubSignature(), Optional.of(secret), BODY,
                Optional.empty(), Optional.empty(), CLOCK);

        assertThat(given).containsEntry(GitHubSignature.DELIVERY_HEADER, "delivery-7")
                .containsEntry(GitHubSignature.EVENT_HEADER, "push");
        assertThat(first.get(GitHubSignature.DELIVERY_HEADER)).isNotEqualTo(second.get(GitHubSignature.DELIVERY_HEADER));
        assertThat(first).doesNotContainKey(GitHubSignature.EVENT_HEADER);
    }

    @Test
    void aDeliveryIdOrEventTypeTheSchemeCannotCarryIsRefusedRatherThanSilentlyDropped() {
        SignatureScheme stripe = SignedWebhook.scheme("stripe", CLOCK);
        Optional<Secret> secret = Optional.of(Secret.ofUtf8("whsec_x"));

        assertThatThrownBy(() -> SignedWebhook.headers(stripe, secret, BODY, Optional.of("d-1"), Optional.empty(),
                CLOCK)).hasMessageContaining("--delivery-id").hasMessageContaining("\"id\"");
        assertThatThrownBy(() -> SignedWebhook.headers(stripe, secret, BODY, Optional.empty(), Optional.of("order"),
                CLOCK)).hasMessageContaining("--event-type");
    }

    @Test
    void aSchemeThatSignsNeedsASecretAndNoneNeedsNothing() {
        assertThatThrownBy(() -> SignedWebhook.headers(new GitHubSignature(), Optional.empty(), BODY, Optional.empty(),
                Optional.empty(), CLOCK)).hasMessageContaining("--secret");
        assertThat(SignedWebhook.headers(SignedWebhook.scheme("none", CLOCK), Optional.empty(), BODY, Optional.empty(),
                Optional.empty(), CLOCK)).isEmpty();
    }

    @Test
    void everySchemeMapsBackToTheNameASourcesFileUses() {
        for (String name : List.of("github", "stripe", "standard-webhooks", "slack", "shopify", "none")) {
            assertThat(SignedWebhook.name(SignedWebhook.scheme(name, CLOCK))).isEqualTo(name);
        }
        assertThat(SignedWebhook.name(new HmacSha256Signature("X-Sig", "", HmacSha256Signature.Encoding.HEX)))
                .isEqualTo("hmac-sha256");
    }

    @Test
    void aStandardWebhooksSecretThatIsNotBase64IsAUsageErrorThatDoesNotQuoteIt() {
        Cli.Run run = Cli.run("send", "--source", "billing", "--scheme", "standard-webhooks", "--secret",
                "whsec_!!not-base64!!", "--file", "pom.xml", "--url", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--secret").doesNotContain("not-base64");
    }

    private static IncomingWebhook request(Map<String, String> headers, byte[] body) {
        return new IncomingWebhook("any", headers, body, "http://127.0.0.1:3000");
    }
}
