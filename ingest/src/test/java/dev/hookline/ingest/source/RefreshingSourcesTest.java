package dev.hookline.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RefreshingSourcesTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final String GITHUB_ONLY = "sources:\n  github: { scheme: github, secrets: [one] }\n";
    private static final String GITHUB_AND_STRIPE =
            GITHUB_ONLY + "  stripe: { scheme: stripe, secrets: [whsec_two] }\n";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicReference<String> secret = new AtomicReference<>(GITHUB_ONLY);
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void anEditOfTheDocumentIsSeenOnceTheCopyInUseIsOlderThanItsMaxAge() {
        RefreshingSources sources = new RefreshingSources(this::read, MAX_AGE, clock);
        secret.set(GITHUB_AND_STRIPE);

        clock.advance(MAX_AGE.minusSeconds(1));
        assertThat(sources.find("stripe")).as("still the copy read at start").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(sources.find("stripe")).isPresent();
        assertThat(sources.find("github")).isPresent();
        assertThat(reads).hasValue(2);
    }

    @Test
    void lookupsWithinTheMaxAgeReadNothing() {
        RefreshingSources sources = new RefreshingSources(this::read, MAX_AGE, clock);

        for (int i = 0; i < 100; i++) {
            sources.find("github");
        }

        assertThat(reads).hasValue(1);
    }

    @Test
    void aDocumentThatCannotBeReadOrParsedAgainLeavesTheLastGoodOneInUse() {
        RefreshingSources sources = new RefreshingSources(this::read, MAX_AGE, clock);
        secret.set("sources: [not, a, mapping]");
        clock.advance(MAX_AGE);
        assertThat(sources.find("github")).isPresent();

        secret.set(null);
        clock.advance(MAX_AGE);
        assertThat(sources.find("github")).isPresent();

        secret.set(GITHUB_AND_STRIPE);
        clock.advance(MAX_AGE.minusSeconds(1));
        assertThat(sources.find("stripe")).as("a failed read waits its max age too").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sources.find("stripe")).isPresent();
    }

    @Test
    void theFirstReadMustWork() {
        secret.set("sources: {}");

        assertThatThrownBy(() -> new RefreshingSources(this::read, MAX_AGE, clock))
                .isInstanceOf(SourceConfigurationException.class);
    }

    private String read() {
        reads.incrementAndGet();
        String document = secret.get();
        if (document == null) {
            throw new SourceConfigurationException("cannot read the sources secret hookline-sources: AccessDenied");
        }
        return document;
    }
}
