package dev.hookline.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CommandTimeArgumentTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aShortDurationMeansThatLongAgo() {
        assertThat(TimeArgument.parse("90s", CLOCK)).isEqualTo(NOW.minusSeconds(90));
        assertThat(TimeArgument.parse("15m", CLOCK)).isEqualTo(NOW.minusSeconds(15 * 60));
        assertThat(TimeArgument.parse("2h", CLOCK)).isEqualTo(NOW.minusSeconds(2 * 3600));
        assertThat(TimeArgument.parse("1d", CLOCK)).isEqualTo(NOW.minusSeconds(86_400));
        assertThat(TimeArgument.parse("1h30m", CLOCK)).isEqualTo(NOW.minusSeconds(5400));
        assertThat(TimeArgument.parse("1H30M", CLOCK)).isEqualTo(NOW.minusSeconds(5400));
    }

    @Test
    void anIsoDurationMeansThatLongAgoToo() {
        assertThat(TimeArgument.parse("PT15M", CLOCK)).isEqualTo(NOW.minusSeconds(15 * 60));
    }

    @Test
    void anInstantIsTakenAsItIsWithItsOffset() {
        assertThat(TimeArgument.parse("2026-04-30T08:00:00Z", CLOCK)).isEqualTo(Instant.parse("2026-04-30T08:00:00Z"));
        assertThat(TimeArgument.parse("2026-04-30T10:00:00+02:00", CLOCK))
                .isEqualTo(Instant.parse("2026-04-30T08:00:00Z"));
    }

    @Test
    void aDateMeansItsStartInUtc() {
        assertThat(TimeArgument.parse("2026-04-30", CLOCK)).isEqualTo(Instant.parse("2026-04-30T00:00:00Z"));
    }

    @Test
    void anythingElseIsRefusedNamingTheAcceptedForms() {
        for (String wrong : new String[] {"", "15", "yesterday", "15x", "-PT5M", "99999999999999999999d"}) {
            assertThatThrownBy(() -> TimeArgument.parse(wrong, CLOCK)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> TimeArgument.parse("yesterday", CLOCK)).hasMessageContaining("15m")
                .hasMessageContaining("2025-06-01T10:00:00Z");
    }

    @Test
    void aBadSinceOnTheCommandLineIsAUsageError() {
        Cli.Run run = Cli.run("dlq", "replay", "--since", "yesterday");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--since").contains("yesterday");
    }
}
