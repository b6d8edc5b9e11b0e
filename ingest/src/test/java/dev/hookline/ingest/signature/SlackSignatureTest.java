package dev.hookline.ingest.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.ingest.IncomingWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {

    /**
     * Slack's documented example ("Verifying requests from Slack"). The body must be copied whole: its
     * trigger_id ends in {@code 803a0bc887a14d10d2c447fce8b6703c}; a shortened copy does not verify.
     */
    private static final Secret DOCUMENTED_SECRET = Secret.ofUtf8("8f742231b10e8888abcd99yyyzzz85a5");
    private static final long TIMESTAMP = 1_531_420_618L;
    private static final String DOCUMENTED_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J"
            + "&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA"
            + "&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
            + "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String DOCUMENTED_SIGNATURE =
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    private final SlackSignature scheme = at(TIMESTAMP);

    @Test
    void documentedSlackExampleVerifies() {
        assertThat(scheme.verify(signed(DOCUMENTED_BODY, DOCUMENTED_SIGNATURE), List.of(DOCUMENTED_SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void signReproducesTheDocumentedSignature() {
        assertThat(SlackSignature.sign(DOCUMENTED_SECRET, TIMESTAMP, bytes(DOCUMENTED_BODY)))
                .isEqualTo(DOCUMENTED_SIGNATURE);
    }

    @Test
    void aFreshlySignedBodyRoundTrips() {
        Secret secret = Secret.ofUtf8("another-signing-secret");
        String signature = SlackSignature.sign(secret, TIMESTAMP, bytes("{\"type\":\"event_callback\"}"));

        assertThat(scheme.verify(signed("{\"type\":\"event_callback\"}", signature), List.of(secret)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void tamperedBodyIsRejected() {
        Verification result = scheme.verify(signed(DOCUMENTED_BODY.replace("foobar", "foobaz"), DOCUMENTED_SIGNATURE),
                List.of(DOCUMENTED_SECRET));

        assertThat(result).isInstanceOfSatisfying(Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("does not match"));
    }

    @Test
    void wrongSecretIsRejectedWithoutEchoingSecretOrSignature() {
        Verification result = scheme.verify(signed(DOCUMENTED_BODY, DOCUMENTED_SIGNATURE),
                List.of(Secret.ofUtf8("8f742231b10e8888abcd99yyyzzz85a6")));

        assertThat(result).isInstanceOfSatisfying(Verification.Invalid.class, invalid -> assertThat(invalid.reason())
                .doesNotContain("8f742231").doesNotContain("a2114d57"));
    }

    @Test
    void rotatedSecretListPassesWhenTheSecondSecretMatches() {
        Verification result = scheme.verify(signed(DOCUMENTED_BODY, DOCUMENTED_SIGNATURE),
                List.of(Secret.ofUtf8("the-new-secret"), DOCUMENTED_SECRET));

        assertThat(result).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void upperCaseHexIsAccepted() {
        String upper = "v0=" + DOCUMENTED_SIGNATURE.substring(3).toUpperCase();

        assertThat(scheme.verify(signed(DOCUMENTED_BODY, upper), List.of(DOCUMENTED_SECRET)))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void missingSignatureHeaderIsRejectedByName() {
        IncomingWebhook webhook = webhook(Map.of("X-Slack-Request-Timestamp", Long.toString(TIMESTAMP)));

        assertThat(scheme.verify(webhook, List.of(DOCUMENTED_SECRET))).isInstanceOfSatisfying(
                Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("X-Slack-Signature").contains("missing"));
    }

    @Test
    void missingTimestampHeaderIsRejectedByName() {
        IncomingWebhook webhook = webhook(Map.of("X-Slack-Signature", DOCUMENTED_SIGNATURE));

        assertThat(scheme.verify(webhook, List.of(DOCUMENTED_SECRET))).isInstanceOfSatisfying(
                Verification.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("X-Slack-Request-Timestamp").contains("missing"));
    }

    @Test
    void malformedSignaturesAreRejected() {
        String hex = DOCUMENTED_SIGNATURE.substring(3);
        for (String signature : List.of("", hex, "v1=" + hex, "v0=" + hex.substring(1), "v0=" + hex + "00",
                "v0=" + hex.substring(2) + "zz", "v0:" + hex)) {
            assertThat(scheme.verify(signed(DOCUMENTED_BODY, signature), List.of(DOCUMENTED_SECRET))).as(signature)
                    .isInstanceOfSatisfying(Verification.Invalid.class,
                            invalid -> assertThat(invalid.reason()).contains("X-Slack-Signature"));
        }
    }

    @Test
    void nonNumericTimestampsAreRejected() {
        for (String timestamp : List.of("", "abc", "1531420618.5", "-1531420618", "+1531420618")) {
            IncomingWebhook webhook = webhook(Map.of(
                    "X-Slack-Signature", DOCUMENTED_SIGNATURE, "X-Slack-Request-Timestamp", timestamp));

            assertThat(scheme.verify(webhook, List.of(DOCUMENTED_SECRET))).as(timestamp)
                    .isInstanceOfSatisfying(Verification.Invalid.class,
                            invalid -> assertThat(invalid.reason()).contains("X-Slack-Request-Timestamp"));
        }
    }

    @Test
    void timestampJustOutsideToleranceInThePastIsRejected() {
        assertThat(documentedExampleAt(TIMESTAMP + 301))
                .isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("older"));
    }

    @Test
    void timestampJustOutsideToleranceInTheFutureIsRejected() {
        assertThat(documentedExampleAt(TIMESTAMP - 301))
                .isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("future"));
    }

    @Test
    void timestampsAtTheEdgesOfToleranceAreAccepted() {
        assertThat(documentedExampleAt(TIMESTAMP + 300))
                .isInstanceOf(Verification.Verified.class);
        assertThat(documentedExampleAt(TIMESTAMP - 300))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void slackSendsNoDeliveryIdOrEventTypeHeader() {
        IncomingWebhook webhook = signed(DOCUMENTED_BODY, DOCUMENTED_SIGNATURE);

        assertThat(scheme.deliveryId(webhook)).isNull();
        assertThat(scheme.eventType(webhook)).isNull();
    }

    private static Verification documentedExampleAt(long epochSecond) {
        return at(epochSecond).verify(signed(DOCUMENTED_BODY, DOCUMENTED_SIGNATURE), List.of(DOCUMENTED_SECRET));
    }

    private static SlackSignature at(long epochSecond) {
        return new SlackSignature(TOLERANCE, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private static IncomingWebhook signed(String body, String signature) {
        return new IncomingWebhook("slack", Map.of(
                "X-Slack-Signature", signature, "X-Slack-Request-Timestamp", Long.toString(TIMESTAMP)),
                bytes(body), "http://localhost");
    }

    private static IncomingWebhook webhook(Map<String, String> headers) {
        return new IncomingWebhook("slack", headers, bytes(DOCUMENTED_BODY), "http://localhost");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
