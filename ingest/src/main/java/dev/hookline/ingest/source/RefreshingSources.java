package dev.hookline.ingest.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sources document read again once it is older than {@code maxAge}, so an edit of the sources secret
 * reaches running functions, including those restored from a SnapStart snapshot taken long before
 * (their clock has moved on, so their first lookup reads it again). A document that cannot be read or
 * parsed leaves the last good one in use, with one warning per attempt; only the first read must work.
 *
 * <p>Written here rather than taken from Powertools' parameters module: what it needs is one cached
 * value with an age, over the Secrets Manager client the functions already carry.
 */
public final class RefreshingSources implements SourceLookup {

    /** How long an edit of the sources secret may take to reach a running function. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(RefreshingSources.class);

    private final Supplier<String> document;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Loaded current;

    private record Loaded(String document, Sources sources, Instant readAt) {
    }

    /**
     * @param document reads the sources document; called now and then once per {@code maxAge}
     * @throws SourceConfigurationException when the first read or parse fails
     */
    public RefreshingSources(Supplier<String> document, Duration maxAge, Clock clock) {
        this.document = document;
        this.maxAge = maxAge;
        this.clock = clock;
        String text = document.get();
        this.current = new Loaded(text, Sources.parse(text), clock.instant());
    }

    @Override
    public Optional<SourceConfig> find(String name) {
        return fresh().find(name);
    }

    private Sources fresh() {
        Loaded loaded = current;
        if (clock.instant().isBefore(loaded.readAt().plus(maxAge))) {
            return loaded.sources();
        }
        synchronized (this) {
            if (current == loaded) {
                current = reread(loaded);
            }
            return current.sources();
        }
    }

    private Loaded reread(Loaded previous) {
        Instant now = clock.instant();
        try {
            String text = document.get();
            Sources sources = text.equals(previous.document()) ? previous.sources() : Sources.parse(text);
            return new Loaded(text, sources, now);
        } catch (RuntimeException unreadable) {
            // The message names what is wrong and where, never the document's content.
            LOG.warn("the sources document could not be read again; the one read at {} stays in use: {}",
                    previous.readAt(), unreadable.getMessage());
            return new Loaded(previous.document(), previous.sources(), now);
        }
    }
}
