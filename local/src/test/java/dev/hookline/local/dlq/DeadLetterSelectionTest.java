package dev.hookline.local.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Transition;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadLetterSelectionTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-01T10:00:00Z");
    private static final Instant FAILED = Instant.parse("2026-05-01T10:30:00Z");

    private final DeadLetter shopFailure = failed("shop", RECEIVED, FAILED);
    private final DeadLetter billingFailure = failed("billing", RECEIVED, FAILED);

    @Test
    void sourceSelectsOnlyThatSourcesMessages() {
        DeadLetterSelection shop = DeadLetterSelection.everything().withSource("shop");

        assertThat(shop.matches(shopFailure)).isTrue();
        assertThat(shop.matches(billingFailure)).isFalse();
    }

    @Test
    void sinceComparesWithWhenTheExecutionFailedNotWhenItWasReceived() {
        DeadLetterSelection afterReceiptBeforeFailure = DeadLetterSelection.everything()
                .failedSince(Instant.parse("2026-05-01T10:15:00Z"));
        DeadLetterSelection afterFailure = DeadLetterSelection.everything()
                .failedSince(Instant.parse("2026-05-01T10:31:00Z"));

        assertThat(afterReceiptBeforeFailure.matches(shopFailure)).isTrue();
        assertThat(afterFailure.matches(shopFailure)).isFalse();
    }

    @Test
    void sinceIncludesAFailureAtExactlyThatInstant() {
        assertThat(DeadLetterSelection.everything().failedSince(FAILED).matches(shopFailure)).isTrue();
    }

    @Test
    void sinceFallsBackToTheReceiveTimeWhenTheExecutionRecordIsGone() {
        DeadLetter expired = DeadLetter.of("m-1", envelope("shop", RECEIVED), Optional.empty());

        assertThat(expired.failedAt()).isEqualTo(RECEIVED);
        assertThat(DeadLetterSelection.everything().failedSince(RECEIVED).matches(expired)).isTrue();
        assertThat(DeadLetterSelection.everything().failedSince(RECEIVED.plusSeconds(1)).matches(expired)).isFalse();
    }

    @Test
    void theLatestFailureCountsAfterAReplayFailedAgain() {
        Instant failedAgain = FAILED.plusSeconds(3600);
        DeadLetter twice = failedWithHistory("shop", List.of(
                new Transition(ExecutionStatus.STARTED, RECEIVED, 0, 1),
                new Transition(ExecutionStatus.FAILED, FAILED, 2, 1),
                new Transition(ExecutionStatus.PROCESSING, FAILED.plusSeconds(3000), 3, 2, Transition.REPLAY),
                new Transition(ExecutionStatus.FAILED, failedAgain, 4, 2)));

        assertThat(twice.failedAt()).isEqualTo(failedAgain);
    }

    @Test
    void filtersCombineSourceAndSinceMustBothHold() {
        DeadLetterSelection shopSinceLater = DeadLetterSelection.everything().withSource("shop")
                .failedSince(FAILED.plusSeconds(60));
        DeadLetter recentShop = failed("shop", RECEIVED, FAILED.plusSeconds(120));
        DeadLetter recentBilling = failed("billing", RECEIVED, FAILED.plusSeconds(120));

        assertThat(shopSinceLater.matches(recentShop)).isTrue();
        assertThat(shopSinceLater.matches(shopFailure)).as("shop, but failed too early").isFalse();
        assertThat(shopSinceLater.matches(recentBilling)).as("recent, but another source").isFalse();
    }

    @Test
    void tokensSelectAnyOfThemAndStillHonourTheOtherFilters() {
        DeadLetterSelection byToken = DeadLetterSelection.everything()
                .withTokens(Set.of(shopFailure.executionToken(), billingFailure.executionToken()));

        assertThat(byToken.matches(shopFailure)).isTrue();
        assertThat(byToken.matches(billingFailure)).isTrue();
        assertThat(byToken.matches(failed("shop", RECEIVED, FAILED))).as("another token").isFalse();
        assertThat(byToken.withSource("billing").matches(shopFailure)).isFalse();
    }

    @Test
    void aMessageThatIsNotAnEnvelopeIsNeverSelectedNotEvenByAReplayOfEverything() {
        DeadLetter unreadable = DeadLetter.unreadable("m-x");

        assertThat(DeadLetterSelection.everything().selectsEverything()).isTrue();
        assertThat(DeadLetterSelection.everything().matches(unreadable)).isFalse();
        assertThat(DeadLetterSelection.everything().matches(shopFailure)).isTrue();
        assertThat(DeadLetterSelection.everything().withSource("shop").matches(unreadable)).isFalse();
        assertThat(DeadLetterSelection.everything().failedSince(Instant.EPOCH).matches(unreadable)).isFalse();
    }

    @Test
    void anySelectorMeansNotEverything() {
        assertThat(DeadLetterSelection.everything().withSource("shop").selectsEverything()).isFalse();
        assertThat(DeadLetterSelection.everything().failedSince(FAILED).selectsEverything()).isFalse();
        assertThat(DeadLetterSelection.everything().withTokens(Set.of(shopFailure.executionToken()))
                .selectsEverything()).isFalse();
    }

    private static DeadLetter failed(String source, Instant received, Instant failedAt) {
        return failedWithHistory(source, List.of(
                new Transition(ExecutionStatus.STARTED, received, 0, 1),
                new Transition(ExecutionStatus.PROCESSING, received.plusSeconds(1), 1, 1),
                new Transition(ExecutionStatus.FAILED, failedAt, 2, 1)));
    }

    private static DeadLetter failedWithHistory(String source, List<Transition> history) {
        Envelope envelope = envelope(source, history.get(0).at());
        Transition last = history.get(history.size() - 1);
        ExecutionRecord record = new ExecutionRecord(envelope.token(), envelope.idempotencyKey(), source, "order",
                ExecutionStatus.FAILED, last.round(), last.attempt(), null, envelope.receivedAt(),
                // lastUpdated later than the failure, as a later write (a lease release) could leave it
                last.at().plusSeconds(5), last.at().plusSeconds(86_400), "sha", history, List.of(), null, null,
                new ExecutionError("forward_failed", "the target answered 503"), null, null, null);
        return DeadLetter.of("m-" + envelope.executionToken(), envelope, Optional.of(record));
    }

    private static Envelope envelope(String source, Instant received) {
        String key = source + ":" + System.nanoTime();
        ExecutionToken token = ExecutionToken.issue(key, new SecureRandom());
        return new Envelope(token.value(), key, source, "order", received, "application/json", "{}");
    }
}
