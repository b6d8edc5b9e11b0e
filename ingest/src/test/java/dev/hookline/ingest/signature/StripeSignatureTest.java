package dev.hookline.ingest.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.ingest.IncomingWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeSignatureTest {

    private static final Secret SECRET = Secret.ofUtf8("whsec_hookline_stripe_test_secret");
    private static final long TIMESTAMP = 1_700_000_000L;
    private static final String BODY =
            "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}";
    /**
     * Computed independently of this code, with Python's hmac module:
     * {@code hmac.new(b"whsec_hookline_stripe_test_secret", b"1700000000." + BODY, hashlib.sha256).hexdigest()}.
     */
    private static final String EXPECTED_HEX = "9e46ab4a83aaf796921ddc9b5ade16ceee68552349b3d1228401b69b4ea7feb7";
    private static final String HEADER = "t=" + TIMESTAMP + ",v1=" + EXPECTED_HEX;
    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    private final StripeSignature scheme = at(TIMESTAMP);

    @Test
    void independentlyComputedVectorVerifies() {
        assertThat(scheme.verify(signed(BODY, HEADER), List.of(SECRET))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void signProducesTheIndependentlyComputedHeader() {
        assertThat(StripeSignature.sign(SECRET, TIMESTAMP, bytes(BODY))).isEqualTo(HEADER);
    }

    @Test
    void aFreshlySignedBodyRoundTrips() {
        Secret secret = Secret.ofUtf8("whsec_another");
        String header = StripeSignature.sign(secret, TIMESTAMP, bytes("{\"id\":\"evt_2\"}"));

        assertThat(scheme.verify(signed("{\"id\":\"evt_2\"}", header), List.of(secret)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void tamperedBodyIsRejected() {
        Verification result = scheme.verify(signed(BODY.replace("succeeded", "failed"), HEADER), List.of(SECRET));

        assertThat(result).isInstanceOfSatisfying(Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("does not match"));
    }

    @Test
    void wrongSecretIsRejectedWithoutEchoingSecretOrSignature() {
        Verification result = scheme.verify(signed(BODY, HEADER), List.of(Secret.ofUtf8("whsec_wrong")));

        assertThat(result).isInstanceOfSatisfying(Verification.Invalid.class, invalid -> assertThat(invalid.reason())
                .doesNotContain("whsec_").doesNotContain(EXPECTED_HEX).doesNotContain(EXPECTED_HEX.substring(0, 8)));
    }

    @Test
    void rotatedSecretListPassesWhenTheSecondSecretMatches() {
        Verification result = scheme.verify(signed(BODY, HEADER), List.of(Secret.ofUtf8("whsec_new"), SECRET));

        assertThat(result).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void anyMatchingV1SignaturePassesAndOtherKeysAreIgnored() {
        String wrong = "0".repeat(64);
        String header = "t=" + TIMESTAMP + ",v1=" + wrong + ",v0=" + wrong + ",v1=" + EXPECTED_HEX;

        assertThat(scheme.verify(signed(BODY, header), List.of(SECRET))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void aValidDigestUnderV0AloneIsNotTrusted() {
        String header = "t=" + TIMESTAMP + ",v0=" + EXPECTED_HEX;

        assertThat(scheme.verify(signed(BODY, header), List.of(SECRET))).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void upperCaseHexIsAccepted() {
        String header = "t=" + TIMESTAMP + ",v1=" + EXPECTED_HEX.toUpperCase();

        assertThat(scheme.verify(signed(BODY, header), List.of(SECRET))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void missingHeaderIsRejectedNamingTheHeader() {
        IncomingWebhook webhook = webhook(Map.of("Content-Type", "application/json"), BODY);

        assertThat(scheme.verify(webhook, List.of(SECRET))).isInstanceOfSatisfying(Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("Stripe-Signature").contains("missing"));
    }

    @Test
    void malformedHeadersAreRejected() {
        String v1 = ",v1=" + EXPECTED_HEX;
        List<String> malformed = List.of(
                "",
                EXPECTED_HEX,
                "v1=" + EXPECTED_HEX,
                "t=" + TIMESTAMP,
                "t=" + TIMESTAMP + ",v1=",
                "t=abc" + v1,
                "t=" + v1,
                "t=+" + TIMESTAMP + v1,
                "t=-" + TIMESTAMP + v1,
                "t=" + TIMESTAMP + ".5" + v1,
                "t=" + TIMESTAMP + ",t=" + TIMESTAMP + v1,
                "t=" + TIMESTAMP + ",v1=" + EXPECTED_HEX.substring(1),
                "t=" + TIMESTAMP + ",v1=" + EXPECTED_HEX.substring(2) + "zz",
                "t=" + TIMESTAMP + ",garbage" + v1);
        for (String header : malformed) {
            assertThat(scheme.verify(signed(BODY, header), List.of(SECRET))).as(header)
                    .isInstanceOfSatisfying(Verification.Invalid.class,
                            invalid -> assertThat(invalid.reason()).contains("Stripe-Signature"));
        }
    }

    @Test
    void timestampJustOutsideToleranceInThePastIsRejected() {
        Verification result = at(TIMESTAMP + 301).verify(signed(BODY, HEADER), List.of(SECRET));

        assertThat(result).isInstanceOfSatisfying(Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("older"));
    }

    @Test
    void timestampJustOutsideToleranceInTheFutureIsRejected() {
        Verification result = at(TIMESTAMP - 301).verify(signed(BODY, HEADER), List.of(SECRET));

        assertThat(result).isInstanceOfSatisfying(Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("future"));
    }

    @Test
    void timestampsAtTheEdgesOfToleranceAreAccepted() {
        assertThat(at(TIMESTAMP + 300).verify(signed(BODY, HEADER), List.of(SECRET)))
                .isInstanceOf(Verification.Verified.class);
        assertThat(at(TIMESTAMP - 300).verify(signed(BODY, HEADER), List.of(SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void configuredToleranceIsHonoured() {
        StripeSignature strict = new StripeSignature(Duration.ofSeconds(10), clockAt(TIMESTAMP + 11));

        assertThat(strict.verify(signed(BODY, HEADER), List.of(SECRET))).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void nonPositiveToleranceIsRefused() {
        assertThatThrownBy(() -> new StripeSignature(Duration.ZERO, clockAt(TIMESTAMP)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StripeSignature(Duration.ofSeconds(-1), clockAt(TIMESTAMP)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deliveryIdIsTheEventIdFromTheBodyAndEventTypeIsLeftToThePayload() {
        IncomingWebhook webhook = signed(BODY, HEADER);

        assertThat(scheme.deliveryId(webhook)).isEqualTo("evt_1NG8Du2eZvKYlo2CUI79vXWy");
        assertThat(scheme.eventType(webhook)).isNull();
    }

    @Test
    void deliveryIdIsNullWhenTheBodyHasNoUsableId() {
        for (String body : List.of("not json", "", "{\"object\":\"event\"}", "{\"id\":42}", "[\"evt_1\"]")) {
            assertThat(scheme.deliveryId(signed(body, HEADER))).as(body).isNull();
        }
    }

    private static StripeSignature at(long epochSecond) {
        return new StripeSignature(TOLERANCE, clockAt(epochSecond));
    }

    private static Clock clockAt(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static IncomingWebhook signed(String body, String header) {
        return webhook(Map.of("Stripe-Signature", header), body);
    }

    private static IncomingWebhook webhook(Map<String, String> headers, String body) {
        return new IncomingWebhook("stripe", headers, bytes(body), "http://localhost");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
