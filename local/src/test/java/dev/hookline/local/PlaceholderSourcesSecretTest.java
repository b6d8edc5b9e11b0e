package dev.hookline.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.json.Json;
import dev.hookline.ingest.IncomingWebhook;
import dev.hookline.ingest.signature.HmacSha256Signature;
import dev.hookline.ingest.signature.Verification;
import dev.hookline.ingest.source.SourceConfig;
import dev.hookline.ingest.source.Sources;
import dev.hookline.local.template.SamTemplate;
import dev.hookline.local.template.SecretSpec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sources document the stack stores when {@code SourcesSecretArn} is left empty, read from the
 * repository's template.yaml: the functions start with it, and it accepts no webhook at all.
 */
class PlaceholderSourcesSecretTest {

    /** Surefire runs with the module directory as working directory. */
    private static final String PLACEHOLDER = SamTemplate.read(Path.of("../template.yaml")).secrets().stream()
            .filter(secret -> secret.logicalId().equals("SourcesSecret"))
            .map(SecretSpec::secretString)
            .findFirst()
            .orElseThrow();
    private static final String BODY = "{\"type\":\"order\",\"orderId\":\"A-1001\",\"amount\":42}";

    @TempDir
    Path folder;

    @Test
    void thePlaceholderParsesIntoOneSourceThatEvenItsOwnSecretCannotSignFor() {
        Sources sources = Sources.parse(PLACEHOLDER);

        assertThat(sources.all()).singleElement().satisfies(source -> {
            HmacSha256Signature scheme = (HmacSha256Signature) source.scheme();
            assertThat(scheme.header()).as("no HTTP request can carry a field name with spaces").contains(" ");
            for (String signature : signedWithThePlaceholdersSecret(source, scheme)) {
                // Even were the header delivered, the value is trimmed and never starts with the prefix.
                IncomingWebhook forged = new IncomingWebhook(source.name(), Map.of(scheme.header(), signature),
                        BODY.getBytes(UTF_8), "https://hooks.example.com");
                assertThat(scheme.verify(forged, source.secrets())).as(signature)
                        .isInstanceOf(Verification.Invalid.class);
            }
        });
    }

    @Test
    void ingestAndTheProcessorStartWithThePlaceholderAndAnswerEveryWebhookWithARefusal() throws Exception {
        Path sources = Files.writeString(folder.resolve("placeholder.yaml"), PLACEHOLDER);

        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.onFreePorts().withSourcesFile(sources))) {
            assertThat(runtime.pollers()).as("the processor's event source mapping").hasSize(1);
            RunningHookline hookline = new RunningHookline(runtime, Duration.ofSeconds(10));

            HttpResponse<String> placeholder =
                    hookline.http().send(hookline.post("placeholder", BODY), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> demo =
                    hookline.http().send(hookline.post("demo", BODY), HttpResponse.BodyHandlers.ofString());

            assertThat(placeholder.statusCode()).as(placeholder.body()).isEqualTo(401);
            assertThat(Json.tree(placeholder.body()).toString()).contains("invalid_signature");
            assertThat(demo.statusCode()).as(demo.body()).isEqualTo(404);
        }
    }

    private static List<String> signedWithThePlaceholdersSecret(SourceConfig source, HmacSha256Signature scheme) {
        byte[] body = BODY.getBytes(UTF_8);
        return List.of(
                HmacSha256Signature.sign(scheme.prefix(), scheme.encoding(), source.secrets().get(0), body),
                HmacSha256Signature.sign("", scheme.encoding(), source.secrets().get(0), body),
                HmacSha256Signature.sign(scheme.prefix().trim(), scheme.encoding(), source.secrets().get(0), body));
    }
}
