package dev.hookline.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which log format serve chooses. */
class LogFormatTest {

    @Test
    void aTerminalGetsTextAndAnythingElseJsonLines() {
        assertThat(LogFormat.of(null, true)).isEqualTo(LogFormat.text);
        assertThat(LogFormat.of(null, false)).isEqualTo(LogFormat.json);
    }

    @Test
    void aChosenFormatWinsOverWhatTheOutputIs() {
        assertThat(LogFormat.of(LogFormat.json, true)).isEqualTo(LogFormat.json);
        assertThat(LogFormat.of(LogFormat.text, false)).isEqualTo(LogFormat.text);
    }
}
