package dev.hookline.local.dlq;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which dead-lettered messages a replay takes: those whose token is one of {@code tokens} (any token
 * when the set is empty), that came from {@code source} when one is given, and whose execution failed
 * at or after {@code since} when one is given. A message that is not a Hookline envelope is never
 * selected, not even by a replay of everything: on the webhook queue it would only fail again.
 */
public record DeadLetterSelection(Set<String> tokens, Optional<String> source, Optional<Instant> since) {

    public DeadLetterSelection {
        tokens = Set.copyOf(tokens);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(since, "since");
    }

    /** Every message in the queue. */
    public static DeadLetterSelection everything() {
        return new DeadLetterSelection(Set.of(), Optional.empty(), Optional.empty());
    }

    public DeadLetterSelection withTokens(Set<String> value) {
        return new DeadLetterSelection(value, source, since);
    }

    public DeadLetterSelection withSource(String value) {
        return new DeadLetterSelection(tokens, Optional.of(value), since);
    }

    public DeadLetterSelection failedSince(Instant value) {
        return new DeadLetterSelection(tokens, source, Optional.of(value));
    }

    /** Whether no filter is set, so the whole queue is meant. */
    public boolean selectsEverything() {
        return tokens.isEmpty() && source.isEmpty() && since.isEmpty();
    }

    public boolean matches(DeadLetter letter) {
        return letter.isReadable()
                && (tokens.isEmpty() || tokens.contains(letter.executionToken()))
                && source.map(wanted -> wanted.equals(letter.source())).orElse(true)
                && since.map(from -> !letter.failedAt().isBefore(from)).orElse(true);
    }
}
