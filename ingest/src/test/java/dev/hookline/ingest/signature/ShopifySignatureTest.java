package dev.hookline.ingest.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.ingest.IncomingWebhook;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopifySignatureTest {

    private static final Secret SECRET = Secret.ofUtf8("shopify-hookline-test-secret");
    private static final String BODY = "{\"id\":820982911946154508,\"email\":\"jon@doe.ca\"}";
    /**
     * Shopify publishes no vector; computed independently with Python's hmac module:
     * {@code base64.b64encode(hmac.new(b"shopify-hookline-test-secret", BODY, hashlib.sha256).digest())}.
     */
    private static final String EXPECTED = "jx8GpSwb2/FMYM9gb9gF+TJyssTyWAhD3MhPTY2oPoI=";

    private final ShopifySignature scheme = new ShopifySignature();

    @Test
    void independentlyComputedVectorVerifies() {
        assertThat(scheme.verify(signed(BODY, EXPECTED), List.of(SECRET))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void signProducesTheIndependentlyComputedValue() {
        assertThat(ShopifySignature.sign(SECRET, bytes(BODY))).isEqualTo(EXPECTED);
    }

    @Test
    void aFreshlySignedBodyRoundTrips() {
        Secret secret = Secret.ofUtf8("another-shop");
        String signature = ShopifySignature.sign(secret, bytes("{\"id\":1}"));

        assertThat(scheme.verify(signed("{\"id\":1}", signature), List.of(secret)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void tamperedBodyIsRejected() {
        assertThat(scheme.verify(signed(BODY.replace("jon", "jan"), EXPECTED), List.of(SECRET)))
                .isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("does not match"));
    }

    @Test
    void wrongSecretIsRejectedWithoutEchoingTheSignature() {
        assertThat(scheme.verify(signed(BODY, EXPECTED), List.of(Secret.ofUtf8("shopify-wrong-secret"))))
                .isInstanceOfSatisfying(Verification.Invalid.class, invalid -> assertThat(invalid.reason())
                        .doesNotContain("jx8GpSwb").doesNotContain("shopify-"));
    }

    @Test
    void rotatedSecretListPassesWhenTheSecondSecretMatches() {
        assertThat(scheme.verify(signed(BODY, EXPECTED), List.of(Secret.ofUtf8("new-secret"), SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void missingHeaderIsRejectedByName() {
        IncomingWebhook webhook = webhook(Map.of("X-Shopify-Topic", "orders/create"), BODY);

        assertThat(scheme.verify(webhook, List.of(SECRET))).isInstanceOfSatisfying(Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("X-Shopify-Hmac-Sha256").contains("missing"));
    }

    @Test
    void malformedSignaturesAreRejected() {
        String hexOfSameDigest = "8f1f06a52c1bdbf14c60cf606fd805f93272b2c4f2580843dcc84f4d8da83e82";
        for (String signature : List.of("", "not*base64!", "sha256=" + EXPECTED, hexOfSameDigest,
                EXPECTED.substring(0, 40), "AAAA")) {
            assertThat(scheme.verify(signed(BODY, signature), List.of(SECRET))).as(signature)
                    .isInstanceOfSatisfying(Verification.Invalid.class,
                            invalid -> assertThat(invalid.reason()).contains("X-Shopify-Hmac-Sha256"));
        }
    }

    @Test
    void deliveryIdAndEventTypeComeFromShopifyHeaders() {
        IncomingWebhook webhook = webhook(Map.of(
                "x-shopify-webhook-id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                "X-Shopify-Topic", "orders/create",
                "X-Shopify-Hmac-Sha256", EXPECTED), BODY);

        assertThat(scheme.deliveryId(webhook)).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        assertThat(scheme.eventType(webhook)).isEqualTo("orders/create");
    }

    @Test
    void deliveryIdAndEventTypeAreNullWhenHeadersAreAbsent() {
        IncomingWebhook webhook = signed(BODY, EXPECTED);

        assertThat(scheme.deliveryId(webhook)).isNull();
        assertThat(scheme.eventType(webhook)).isNull();
    }

    private static IncomingWebhook signed(String body, String signature) {
        return webhook(Map.of("X-Shopify-Hmac-Sha256", signature), body);
    }

    private static IncomingWebhook webhook(Map<String, String> headers, String body) {
        return new IncomingWebhook("shopify", headers, bytes(body), "http://localhost");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
