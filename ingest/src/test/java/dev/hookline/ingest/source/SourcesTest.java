package dev.hookline.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hookline.ingest.signature.GitHubSignature;
import dev.hookline.ingest.signature.NoSignature;
import dev.hookline.ingest.signature.Secret;
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
                  payments: { scheme: stripe, secrets: ["%s"] }
                """.formatted(SECRET_ONE)))
                .isInstanceOf(SourceConfigurationException.class)
                .hasMessageContaining("'payments'")
                .hasMessageContaining("'stripe'")
                .hasMessageContaining("known schemes: github, none");
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
            "sources: { gh: { scheme: stripe, secrets: [\"" + SECRET_ONE + "\"] } }",
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
}
