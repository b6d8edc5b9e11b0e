package dev.hookline.ingest.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.ingest.IncomingWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksSignatureTest {

    /** The test vector published with the Standard Webhooks spec and in Svix's docs. */
    private static final String PUBLISHED_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1_614_265_330L;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String PUBLISHED_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final Secret SECRET = Secret.ofBytes(StandardWebhooksSignature.decodeSecret(PUBLISHED_SECRET));
    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    private final StandardWebhooksSignature scheme = at(TIMESTAMP);

    @Test
    void publishedVectorVerifies() {
        assertThat(scheme.verify(signed(BODY, PUBLISHED_SIGNATURE), List.of(SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void signReproducesThePublishedSignature() {
        assertThat(StandardWebhooksSignature.sign(SECRET, MSG_ID, TIMESTAMP, bytes(BODY)))
                .isEqualTo(PUBLISHED_SIGNATURE);
    }

    @Test
    void aFreshlySignedMessageRoundTrips() {
        Secret secret = Secret.ofBytes(StandardWebhooksSignature.decodeSecret("whsec_c2VjcmV0LWtleS1ieXRlcw=="));
        String signature = StandardWebhooksSignature.sign(secret, MSG_ID, TIMESTAMP, bytes("{}"));

        assertThat(scheme.verify(signed("{}", signature), List.of(secret))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void secretDecodesTheSameWithOrWithoutItsPrefix() {
        assertThat(StandardWebhooksSignature.decodeSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isEqualTo(StandardWebhooksSignature.decodeSecret(PUBLISHED_SECRET))
                .hasSize(24);
    }

    @Test
    void secretThatIsNotBase64IsRefusedWithoutQuotingIt() {
        for (String secret : List.of("whsec_not*base64!", "plain text secret", "whsec_")) {
            assertThatThrownBy(() -> StandardWebhooksSignature.decodeSecret(secret)).as(secret)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasNoCause()
                    .message().doesNotContain("not*base64").doesNotContain("plain text");
        }
    }

    @Test
    void severalSignaturesPassWhenOnlyTheLastIsValid() {
        String header = "v1,Ym9ndXMtc2lnbmF0dXJlLXRoYXQtaXMtMzItYnl0ZXM= v1a,ZmFrZQ== v2,abc " + PUBLISHED_SIGNATURE;

        assertThat(scheme.verify(signed(BODY, header), List.of(SECRET))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void aValidDigestUnderAnotherVersionIsNotTrusted() {
        String header = PUBLISHED_SIGNATURE.replace("v1,", "v2,");

        assertThat(scheme.verify(signed(BODY, header), List.of(SECRET))).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void tamperedBodyIsRejected() {
        Verification result = scheme.verify(signed("{\"test\": 2432232315}", PUBLISHED_SIGNATURE), List.of(SECRET));

        assertThat(result).isInstanceOfSatisfying(Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("does not match"));
    }

    @Test
    void tamperedMessageIdIsRejectedBecauseTheIdIsSigned() {
        Map<String, String> headers = headers(PUBLISHED_SIGNATURE);
        headers.put("webhook-id", "msg_other");

        assertThat(scheme.verify(webhook(headers, BODY), List.of(SECRET))).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void wrongSecretIsRejectedWithoutEchoingTheSignature() {
        Secret wrong = Secret.ofBytes(StandardWebhooksSignature.decodeSecret("whsec_d3Jvbmcgc2VjcmV0"));

        assertThat(scheme.verify(signed(BODY, PUBLISHED_SIGNATURE), List.of(wrong)))
                .isInstanceOfSatisfying(Verification.Invalid.class, invalid -> assertThat(invalid.reason())
                        .doesNotContain("g0hM9SsE").doesNotContain("MfKQ9r8G"));
    }

    @Test
    void rotatedSecretListPassesWhenTheSecondSecretMatches() {
        Secret wrong = Secret.ofBytes(StandardWebhooksSignature.decodeSecret("whsec_d3Jvbmcgc2VjcmV0"));

        assertThat(scheme.verify(signed(BODY, PUBLISHED_SIGNATURE), List.of(wrong, SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void eachMissingHeaderIsRejectedByName() {
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            Map<String, String> headers = headers(PUBLISHED_SIGNATURE);
            headers.remove(name);

            assertThat(scheme.verify(webhook(headers, BODY), List.of(SECRET))).as(name)
                    .isInstanceOfSatisfying(Verification.Invalid.class,
                            invalid -> assertThat(invalid.reason()).contains(name).contains("missing"));
        }
    }

    @Test
    void malformedSignatureHeadersAreRejected() {
        List<String> malformed = List.of(
                "",
                "   ",
                "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                "v1 g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                "v1=g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                "v1,not*base64!",
                "v1,");
        for (String header : malformed) {
            assertThat(scheme.verify(signed(BODY, header), List.of(SECRET))).as(header)
                    .isInstanceOf(Verification.Invalid.class);
        }
    }

    @Test
    void nonNumericTimestampsAreRejected() {
        for (String timestamp : List.of("", "abc", "1614265330.5", "-1614265330", "+1614265330", "1e9")) {
            Map<String, String> headers = headers(PUBLISHED_SIGNATURE);
            headers.put("webhook-timestamp", timestamp);

            assertThat(scheme.verify(webhook(headers, BODY), List.of(SECRET))).as(timestamp)
                    .isInstanceOfSatisfying(Verification.Invalid.class,
                            invalid -> assertThat(invalid.reason()).contains("webhook-timestamp"));
        }
    }

    @Test
    void timestampJustOutsideToleranceInThePastIsRejected() {
        assertThat(at(TIMESTAMP + 301).verify(signed(BODY, PUBLISHED_SIGNATURE), List.of(SECRET)))
                .isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("older"));
    }

    @Test
    void timestampJustOutsideToleranceInTheFutureIsRejected() {
        assertThat(at(TIMESTAMP - 301).verify(signed(BODY, PUBLISHED_SIGNATURE), List.of(SECRET)))
                .isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("future"));
    }

    @Test
    void timestampsAtTheEdgesOfToleranceAreAccepted() {
        assertThat(at(TIMESTAMP + 300).verify(signed(BODY, PUBLISHED_SIGNATURE), List.of(SECRET)))
                .isInstanceOf(Verification.Verified.class);
        assertThat(at(TIMESTAMP - 300).verify(signed(BODY, PUBLISHED_SIGNATURE), List.of(SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void svixHeaderNamesAreAcceptedWhenStandardOnesAreAbsent() {
        IncomingWebhook webhook = webhook(Map.of(
                "svix-id", MSG_ID,
                "svix-timestamp", Long.toString(TIMESTAMP),
                "svix-signature", PUBLISHED_SIGNATURE), BODY);

        assertThat(scheme.verify(webhook, List.of(SECRET))).isInstanceOf(Verification.Verified.class);
        assertThat(scheme.deliveryId(webhook)).isEqualTo(MSG_ID);
    }

    @Test
    void standardAndSvixHeadersAreNeverMixed() {
        IncomingWebhook webhook = webhook(Map.of(
                "webhook-id", MSG_ID,
                "webhook-timestamp", Long.toString(TIMESTAMP),
                "svix-signature", PUBLISHED_SIGNATURE), BODY);

        assertThat(scheme.verify(webhook, List.of(SECRET))).isInstanceOfSatisfying(Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("webhook-signature").contains("missing"));
    }

    @Test
    void deliveryIdIsTheWebhookIdAndEventTypeIsLeftToThePayload() {
        IncomingWebhook webhook = signed(BODY, PUBLISHED_SIGNATURE);

        assertThat(scheme.deliveryId(webhook)).isEqualTo(MSG_ID);
        assertThat(scheme.eventType(webhook)).isNull();
        assertThat(scheme.deliveryId(webhook(Map.of(), BODY))).isNull();
    }

    private static StandardWebhooksSignature at(long epochSecond) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        return new StandardWebhooksSignature(TOLERANCE, clock);
    }

    private static Map<String, String> headers(String signature) {
        Map<String, String> headers = new HashMap<>();
        headers.put("webhook-id", MSG_ID);
        headers.put("webhook-timestamp", Long.toString(TIMESTAMP));
        headers.put("webhook-signature", signature);
        return headers;
    }

    private static IncomingWebhook signed(String body, String signature) {
        return webhook(headers(signature), body);
    }

    private static IncomingWebhook webhook(Map<String, String> headers, String body) {
        return new IncomingWebhook("svix", headers, bytes(body), "http://localhost");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
