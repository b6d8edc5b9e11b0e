package dev.hookline.processor.action;

import static dev.hookline.processor.action.TargetBreaker.Admission.PROBE;
import static dev.hookline.processor.action.TargetBreaker.Admission.REFUSED;
import static dev.hookline.processor.action.TargetBreaker.Admission.SEND;
import static dev.hookline.processor.action.TargetBreaker.Outcome.ANSWERED;
import static dev.hookline.processor.action.TargetBreaker.Outcome.OTHER_ERROR;
import static dev.hookline.processor.action.TargetBreaker.Outcome.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetBreakerTest {

    private static final String SOURCE = "shop";
    private static final URI TARGET = URI.create("https://orders.example.com/hooks");

    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final TargetBreaker breaker = new TargetBreaker(
            new TargetBreaker.Settings(3, Duration.ofSeconds(30), Duration.ofSeconds(100)), clock);

    @Test
    void itOpensOnlyAfterTheConfiguredTimeoutsInARow() {
        timeOut(2);
        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(SEND);

        timeOut(1);

        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(REFUSED);
    }

    @Test
    void anAnswerOfAnyStatusStartsTheCountAgain() {
        timeOut(2);
        send(ANSWERED);
        timeOut(2);

        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(SEND);
    }

    @Test
    void otherFailuresNeitherCountNorStartTheCountAgain() {
        timeOut(2);
        send(OTHER_ERROR);
        send(OTHER_ERROR);
        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(SEND);

        timeOut(1);

        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(REFUSED);
    }

    @Test
    void onceOpenLongEnoughOneForwardProbesAndTheOthersWaitForIt() {
        timeOut(3);
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(REFUSED);

        clock.advance(Duration.ofSeconds(1));

        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(PROBE);
        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(REFUSED);
    }

    @Test
    void anAnsweredProbeClosesIt() {
        timeOut(3);
        clock.advance(Duration.ofSeconds(30));
        breaker.settle(SOURCE, TARGET, breaker.admit(SOURCE, TARGET), ANSWERED);

        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(SEND);
        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(SEND);
    }

    @Test
    void aProbeThatFailsFastLetsTheNextForwardProbe() {
        timeOut(3);
        clock.advance(Duration.ofSeconds(30));
        breaker.settle(SOURCE, TARGET, breaker.admit(SOURCE, TARGET), OTHER_ERROR);

        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(PROBE);
    }

    @Test
    void aProbeThatTimesOutReopensItForTwiceAsLongUpToTheLongest() {
        timeOut(3);
        clock.advance(Duration.ofSeconds(30));
        for (Duration reopened : List.of(Duration.ofSeconds(60), Duration.ofSeconds(100), Duration.ofSeconds(100))) {
            TargetBreaker.Admission probe = breaker.admit(SOURCE, TARGET);
            assertThat(probe).isEqualTo(PROBE);
            breaker.settle(SOURCE, TARGET, probe, TIMED_OUT);

            clock.advance(reopened.minusMillis(1));
            assertThat(breaker.admit(SOURCE, TARGET)).as("still open just before " + reopened).isEqualTo(REFUSED);
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(PROBE);
    }

    @Test
    void aLateTimeoutOfAForwardSentBeforeItOpenedDoesNotReopenAHalfOpenBreaker() {
        TargetBreaker.Admission early = breaker.admit(SOURCE, TARGET);
        timeOut(3);
        clock.advance(Duration.ofSeconds(30));
        TargetBreaker.Admission probe = breaker.admit(SOURCE, TARGET);

        breaker.settle(SOURCE, TARGET, early, TIMED_OUT);
        breaker.settle(SOURCE, TARGET, probe, OTHER_ERROR);

        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(PROBE);
    }

    @Test
    void eachSourceAndTargetHasABreakerOfItsOwn() {
        timeOut(3);

        assertThat(breaker.admit(SOURCE, TARGET)).isEqualTo(REFUSED);
        assertThat(breaker.admit("billing", TARGET)).isEqualTo(SEND);
        assertThat(breaker.admit(SOURCE, URI.create("https://orders.example.com/hooks/v2"))).isEqualTo(SEND);
    }

    @Test
    void theDefaultOpensAfterFiveTimeoutsForThirtySecondsUpToFiveMinutes() {
        TargetBreaker.Settings defaults = TargetBreaker.Settings.DEFAULT;

        assertThat(defaults.consecutiveTimeouts()).isEqualTo(5);
        assertThat(defaults.openFor(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.openFor(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.openFor(30)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void settingsThatCouldNeverOpenOrCloseAreRefused() {
        assertThatThrownBy(() -> new TargetBreaker.Settings(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TargetBreaker.Settings(1, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TargetBreaker.Settings(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void timeOut(int times) {
        for (int i = 0; i < times; i++) {
            send(TIMED_OUT);
        }
    }

    private void send(TargetBreaker.Outcome outcome) {
        TargetBreaker.Admission admission = breaker.admit(SOURCE, TARGET);
        assertThat(admission).isEqualTo(SEND);
        breaker.settle(SOURCE, TARGET, admission, outcome);
    }
}
