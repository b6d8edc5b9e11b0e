package dev.hookline.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceActionsTest {

    private static final String SOURCE_SECRET = "s3cr3t-value-one";
    private static final String FORWARD_KEY = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String FORWARD_SECRET = "whsec_" + FORWARD_KEY;

    /** A github source named shop with {@code settings} (YAML lines indented for the source) added. */
    private static String shop(String settings) {
        return """
                sources:
                  shop:
                    scheme: github
                    secrets: ["%s"]
                %s""".formatted(SOURCE_SECRET, settings.indent(4));
    }

    private static String forwardTo(String url) {
        return shop("""
                action: forward
                forwardUrl: "%s"
                forwardSecret: %s
                """.formatted(url, FORWARD_SECRET));
    }

    private static Throwable refused(String document) {
        Throwable error = catchThrowable(() -> Sources.parse(document));
        assertThat(error).as(document).isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("'shop'");
        for (Throwable link = error; link != null; link = link.getCause()) {
            assertThat(String.valueOf(link.getMessage())).as(document)
                    .doesNotContain(SOURCE_SECRET)
                    .doesNotContain(FORWARD_KEY)
                    .doesNotContain(FORWARD_KEY.substring(0, 8));
        }
        return error;
    }

    @Test
    void sourceWithoutActionRecords() {
        SourceConfig shop = Sources.parse(shop("")).find("shop").orElseThrow();

        assertThat(shop.action()).isEqualTo(new ProcessAction.RecordPayload());
        assertThat(shop.retry()).isEmpty();
    }

    @Test
    void explicitRecordActionRecords() {
        SourceConfig shop = Sources.parse(shop("action: record")).find("shop").orElseThrow();

        assertThat(shop.action()).isInstanceOf(ProcessAction.RecordPayload.class);
    }

    @Test
    void forwardSourceCarriesUrlSecretAndTimeout() {
        SourceConfig shop = Sources.parse(shop("""
                action: forward
                forwardUrl: https://orders.example.com/hooks?tenant=7
                forwardSecret: %s
                forwardTimeoutSeconds: 25
                """.formatted(FORWARD_SECRET))).find("shop").orElseThrow();

        assertThat(shop.action()).isEqualTo(new ProcessAction.Forward(
                URI.create("https://orders.example.com/hooks?tenant=7"),
                Secret.ofBytes(Base64.getDecoder().decode(FORWARD_KEY)),
                Duration.ofSeconds(25)));
        assertThat(shop.scheme()).isInstanceOf(GitHubSignature.class);
        assertThat(shop.secrets()).containsExactly(Secret.ofUtf8(SOURCE_SECRET));
    }

    @Test
    void forwardTimeoutDefaultsToTenSeconds() {
        ProcessAction.Forward forward = (ProcessAction.Forward) Sources.parse(forwardTo("http://127.0.0.1:8080/in"))
                .find("shop").orElseThrow().action();

        assertThat(forward.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(forward.url()).isEqualTo(URI.create("http://127.0.0.1:8080/in"));
    }

    @Test
    void forwardSourceToStringMasksTheForwardSecret() {
        SourceConfig shop = Sources.parse(forwardTo("https://orders.example.com/hooks")).find("shop").orElseThrow();

        assertThat(shop.toString())
                .contains("orders.example.com")
                .doesNotContain(FORWARD_KEY)
                .doesNotContain(FORWARD_SECRET)
                .doesNotContain(SOURCE_SECRET);
    }

    @Test
    void forwardWithoutUrlIsRefusedNamingTheSource() {
        assertThat(refused(shop("action: forward\nforwardSecret: " + FORWARD_SECRET)))
                .hasMessageContaining("'forwardUrl'")
                .hasMessageContaining("https://");
    }

    @Test
    void forwardWithoutSecretIsRefusedNamingTheSource() {
        assertThat(refused(shop("action: forward\nforwardUrl: https://orders.example.com/hooks")))
                .hasMessageContaining("'forwardSecret'")
                .hasMessageContaining("whsec_");
    }

    @Test
    void forwardUrlThatIsRelativeOrNotHttpIsRefused() {
        for (String url : List.of("/hooks", "orders.example.com/hooks", "ftp://orders.example.com/hooks",
                "mailto:ops@example.com", "https:///hooks", "https://exa mple.com/hooks", "")) {
            assertThat(refused(forwardTo(url))).as(url)
                    .hasMessageContaining("'forwardUrl'")
                    .hasMessageContaining("https://orders.example.com/hooks");
        }
        assertThat(refused(forwardTo("ftp://orders.example.com/hooks"))).hasMessageContaining("'ftp:'");
        assertThat(refused(forwardTo("/hooks"))).hasMessageContaining("relative");
    }

    @Test
    void forwardUrlWithCredentialsIsRefusedWithoutQuotingThem() {
        assertThat(refused(forwardTo("https://ops:hunter2@orders.example.com/hooks")))
                .hasMessageContaining("'forwardUrl'")
                .hasMessageContaining("user name or password")
                .message().doesNotContain("hunter2");
    }

    @Test
    void badForwardSecretNeverAppearsInTheError() {
        for (String secret : List.of(FORWARD_KEY, "whsec_" + FORWARD_KEY + "!", "whsec_", "\"whsec_%%%" + FORWARD_KEY
                + "\"", "42", "[\"" + FORWARD_SECRET + "\"]", "{ value: " + FORWARD_SECRET + " }")) {
            String document = shop("""
                    action: forward
                    forwardUrl: https://orders.example.com/hooks
                    forwardSecret: %s
                    """.formatted(secret));

            assertThat(refused(document)).as(secret)
                    .hasMessageContaining("'forwardSecret'")
                    .hasMessageContaining("'whsec_' followed by base64");
        }
    }

    @Test
    void forwardTimeoutOutOfRangeIsRefused() {
        for (String timeout : List.of("0", "-1", "31", "1.5", "\"10\"", "ten")) {
            String document = shop("""
                    action: forward
                    forwardUrl: https://orders.example.com/hooks
                    forwardSecret: %s
                    forwardTimeoutSeconds: %s
                    """.formatted(FORWARD_SECRET, timeout));

            assertThat(refused(document)).as(timeout)
                    .hasMessageContaining("'forwardTimeoutSeconds'")
                    .hasMessageContaining("1 to 30");
        }
    }

    @Test
    void unknownActionIsRefusedListingTheActions() {
        assertThat(refused(shop("action: forwrd")))
                .hasMessageContaining("unknown action 'forwrd'")
                .hasMessageContaining("'action: record'")
                .hasMessageContaining("'action: forward'");
        assertThat(refused(shop("action: [forward]"))).hasMessageContaining("'action: forward'");
    }

    @Test
    void forwardSettingsWithoutForwardActionAreRefused() {
        assertThat(refused(shop("forwardUrl: https://orders.example.com/hooks")))
                .hasMessageContaining("'forwardUrl'")
                .hasMessageContaining("'action: forward'");
        assertThat(refused(shop("action: record\nforwardSecret: " + FORWARD_SECRET)))
                .hasMessageContaining("'forwardSecret'");
    }

    @Test
    void retrySettingsAreRead() {
        SourceConfig shop = Sources.parse(shop("""
                retry:
                  maxAttempts: 5
                  initialDelaySeconds: 3
                  maxDelaySeconds: 90
                  backoffRate: 1.5
                  jitter: half
                """)).find("shop").orElseThrow();

        assertThat(shop.retry()).contains(new RetrySettings(
                5, Duration.ofSeconds(3), Duration.ofSeconds(90), 1.5, RetrySettings.Jitter.HALF));
        assertThat(shop.action()).isInstanceOf(ProcessAction.RecordPayload.class);
    }

    @Test
    void retrySettingsLeftOutTakeTheEngineDefaults() {
        SourceConfig shop = Sources.parse(shop("retry: { maxAttempts: 2, backoffRate: 3 }")).find("shop").orElseThrow();

        assertThat(shop.retry()).contains(new RetrySettings(
                2, Duration.ofSeconds(5), Duration.ofSeconds(60), 3.0, RetrySettings.Jitter.FULL));
    }

    @Test
    void retryAllowsZeroDelayAndEveryJitter() {
        for (String jitter : List.of("none", "full", "half")) {
            SourceConfig shop = Sources.parse(shop("retry: { initialDelaySeconds: 0, maxDelaySeconds: 0, jitter: "
                    + jitter + " }")).find("shop").orElseThrow();

            assertThat(shop.retry().orElseThrow().jitter().name()).isEqualToIgnoringCase(jitter);
            assertThat(shop.retry().orElseThrow().maxDelay()).isZero();
        }
    }

    @Test
    void retryNumbersOutOfRangeAreRefusedNamingTheSetting() {
        List<List<String>> cases = List.of(
                List.of("maxAttempts: 0", "'retry.maxAttempts'"),
                List.of("maxAttempts: 51", "'retry.maxAttempts'"),
                List.of("maxAttempts: 2.5", "'retry.maxAttempts'"),
                List.of("maxAttempts: \"5\"", "'retry.maxAttempts'"),
                List.of("initialDelaySeconds: -1", "'retry.initialDelaySeconds'"),
                List.of("maxDelaySeconds: 43201", "'retry.maxDelaySeconds'"),
                List.of("backoffRate: 0.5", "'retry.backoffRate'"),
                List.of("backoffRate: 1e400", "'retry.backoffRate'"),
                List.of("backoffRate: fast", "'retry.backoffRate'"));
        for (List<String> badCase : cases) {
            assertThat(refused(shop("retry: { " + badCase.get(0) + " }"))).as(badCase.get(0))
                    .hasMessageContaining(badCase.get(1));
        }
    }

    @Test
    void maxDelayBelowInitialDelayIsRefused() {
        assertThat(refused(shop("retry: { initialDelaySeconds: 30, maxDelaySeconds: 10 }")))
                .hasMessageContaining("'retry.maxDelaySeconds' (10)")
                .hasMessageContaining("'retry.initialDelaySeconds' (30)");
        assertThat(refused(shop("retry: { initialDelaySeconds: 120 }")))
                .hasMessageContaining("(60, the default)");
    }

    @Test
    void unknownJitterIsRefusedListingTheChoices() {
        assertThat(refused(shop("retry: { jitter: random }")))
                .hasMessageContaining("'retry.jitter'")
                .hasMessageContaining("'none', 'full' or 'half'");
    }

    @Test
    void retryThatIsNotAMappingIsRefused() {
        for (String retry : List.of("retry: 5", "retry: [5]", "retry:", "retry: default")) {
            assertThat(refused(shop(retry))).as(retry)
                    .hasMessageContaining("'retry' must be a mapping")
                    .hasMessageContaining("maxAttempts");
        }
    }

    @Test
    void unknownRetrySettingIsRefusedInsteadOfIgnored() {
        assertThat(refused(shop("retry: { maxAttempt: 3 }")))
                .hasMessageContaining("'retry.maxAttempt'")
                .hasMessageContaining("maxAttempts, initialDelaySeconds, maxDelaySeconds, backoffRate, jitter");
    }

    @Test
    void forwardAndRetryCombineFromJson() {
        SourceConfig shop = Sources.parse("""
                {"sources": {"shop": {"scheme": "none", "action": "forward",
                  "forwardUrl": "https://orders.example.com/hooks", "forwardSecret": "%s",
                  "retry": {"maxAttempts": 3, "jitter": "none"}}}}
                """.formatted(FORWARD_SECRET)).find("shop").orElseThrow();

        assertThat(shop.action()).isInstanceOf(ProcessAction.Forward.class);
        assertThat(shop.retry().orElseThrow().maxAttempts()).isEqualTo(3);
        assertThat(shop.retry().orElseThrow().jitter()).isEqualTo(RetrySettings.Jitter.NONE);
    }

    @Test
    void convenienceConstructorRecordsWithTheDefaultRetry() {
        SourceConfig demo = new SourceConfig("demo", new GitHubSignature(), List.of(Secret.ofUtf8(SOURCE_SECRET)));

        assertThat(demo.action()).isEqualTo(new ProcessAction.RecordPayload());
        assertThat(demo.retry()).isEqualTo(Optional.empty());
    }

    @Test
    void forwardRecordRefusesUnusableValuesWhenBuiltInCode() {
        Secret key = Secret.ofUtf8("k");
        assertThatThrownBy(() -> new ProcessAction.Forward(URI.create("/relative"), key, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProcessAction.Forward(URI.create("https://x.example"), key, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySettings(3, Duration.ofSeconds(10), Duration.ofSeconds(5), 2.0,
                RetrySettings.Jitter.FULL)).isInstanceOf(IllegalArgumentException.class);
    }
}
