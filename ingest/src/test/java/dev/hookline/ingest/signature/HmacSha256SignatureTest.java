package dev.hookline.ingest.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.ingest.IncomingWebhook;
import dev.hookline.ingest.signature.HmacSha256Signature.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HmacSha256SignatureTest {

    private static final Secret SECRET = Secret.ofUtf8("generic-secret");
    private static final String BODY = "{\"ok\":true}";
    /**
     * Computed independently with Python's hmac module over BODY:
     * {@code hmac.new(b"generic-secret", BODY, hashlib.sha256)}, as {@code .hexdigest()} and as base64.
     */
    private static final String EXPECTED_HEX = "bbb3b3c4cbaa75cef706d50357234102354ada79214380626d98fbff276909d2";
    private static final String EXPECTED_BASE64 = "u7OzxMuqdc73BtUDVyNBAjVK2nkhQ4BibZj7/ydpCdI=";

    private final HmacSha256Signature hexWithPrefix = new HmacSha256Signature("X-Signature", "sha256=", Encoding.HEX);
    private final HmacSha256Signature bareBase64 = new HmacSha256Signature("X-Webhook-Hmac", "", Encoding.BASE64);

    @Test
    void independentlyComputedHexVectorVerifiesAfterThePrefix() {
        assertThat(hexWithPrefix.verify(webhook("X-Signature", "sha256=" + EXPECTED_HEX, BODY), List.of(SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void independentlyComputedBase64VectorVerifiesWithAnEmptyPrefix() {
        assertThat(bareBase64.verify(webhook("X-Webhook-Hmac", EXPECTED_BASE64, BODY), List.of(SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void signProducesTheIndependentlyComputedValues() {
        assertThat(HmacSha256Signature.sign("sha256=", Encoding.HEX, SECRET, bytes(BODY)))
                .isEqualTo("sha256=" + EXPECTED_HEX);
        assertThat(HmacSha256Signature.sign("", Encoding.BASE64, SECRET, bytes(BODY))).isEqualTo(EXPECTED_BASE64);
    }

    @Test
    void aFreshlySignedBodyRoundTripsInEitherEncoding() {
        Secret secret = Secret.ofUtf8("another");
        String hex = HmacSha256Signature.sign("sha256=", Encoding.HEX, secret, bytes("[]"));
        String base64 = HmacSha256Signature.sign("", Encoding.BASE64, secret, bytes("[]"));

        assertThat(hexWithPrefix.verify(webhook("X-Signature", hex, "[]"), List.of(secret)))
                .isInstanceOf(Verification.Verified.class);
        assertThat(bareBase64.verify(webhook("X-Webhook-Hmac", base64, "[]"), List.of(secret)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void upperCaseHexIsAccepted() {
        assertThat(hexWithPrefix.verify(webhook("X-Signature", "sha256=" + EXPECTED_HEX.toUpperCase(), BODY),
                List.of(SECRET))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void configuredHeaderIsFoundWhateverItsCase() {
        assertThat(hexWithPrefix.verify(webhook("x-signature", "sha256=" + EXPECTED_HEX, BODY), List.of(SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void tamperedBodyIsRejected() {
        assertThat(hexWithPrefix.verify(webhook("X-Signature", "sha256=" + EXPECTED_HEX, "{\"ok\":false}"),
                List.of(SECRET))).isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("does not match"));
    }

    @Test
    void wrongSecretIsRejectedWithoutEchoingTheSignature() {
        assertThat(bareBase64.verify(webhook("X-Webhook-Hmac", EXPECTED_BASE64, BODY),
                List.of(Secret.ofUtf8("generic-wrong")))).isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).doesNotContain("u7OzxMuq").doesNotContain("generic"));
    }

    @Test
    void rotatedSecretListPassesWhenTheSecondSecretMatches() {
        assertThat(hexWithPrefix.verify(webhook("X-Signature", "sha256=" + EXPECTED_HEX, BODY),
                List.of(Secret.ofUtf8("new-secret"), SECRET))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void missingHeaderIsRejectedNamingTheConfiguredHeader() {
        assertThat(hexWithPrefix.verify(webhook("X-Other", "sha256=" + EXPECTED_HEX, BODY), List.of(SECRET)))
                .isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("X-Signature").contains("missing"));
    }

    @Test
    void valueWithoutTheConfiguredPrefixIsRejected() {
        for (String value : List.of(EXPECTED_HEX, "sha1=" + EXPECTED_HEX, "SHA256=" + EXPECTED_HEX)) {
            assertThat(hexWithPrefix.verify(webhook("X-Signature", value, BODY), List.of(SECRET))).as(value)
                    .isInstanceOfSatisfying(Verification.Invalid.class,
                            invalid -> assertThat(invalid.reason()).contains("'sha256='"));
        }
    }

    @Test
    void malformedDigestsAreRejected() {
        for (String value : List.of("sha256=", "sha256=" + EXPECTED_HEX.substring(1), "sha256=" + EXPECTED_HEX + "00",
                "sha256=" + EXPECTED_HEX.substring(2) + "zz", "sha256=" + EXPECTED_BASE64)) {
            assertThat(hexWithPrefix.verify(webhook("X-Signature", value, BODY), List.of(SECRET))).as(value)
                    .isInstanceOfSatisfying(Verification.Invalid.class,
                            invalid -> assertThat(invalid.reason()).contains("64 hex digits"));
        }
        for (String value : List.of("", "not*base64!", EXPECTED_HEX, EXPECTED_BASE64.substring(0, 40))) {
            assertThat(bareBase64.verify(webhook("X-Webhook-Hmac", value, BODY), List.of(SECRET))).as(value)
                    .isInstanceOfSatisfying(Verification.Invalid.class,
                            invalid -> assertThat(invalid.reason()).contains("base64"));
        }
    }

    @Test
    void blankHeaderNameIsRefused() {
        assertThatThrownBy(() -> new HmacSha256Signature(" ", "", Encoding.HEX))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void genericSchemeHasNoDeliveryIdOrEventType() {
        IncomingWebhook webhook = webhook("X-Signature", "sha256=" + EXPECTED_HEX, BODY);

        assertThat(hexWithPrefix.deliveryId(webhook)).isNull();
        assertThat(hexWithPrefix.eventType(webhook)).isNull();
    }

    private static IncomingWebhook webhook(String header, String value, String body) {
        return new IncomingWebhook("custom", Map.of(header, value), bytes(body), "http://localhost");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
