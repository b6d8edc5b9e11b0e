package dev.hookline.local.cli;

import java.time.Duration;

/** Short human durations for the commands' output: {@code 42s}, {@code 3m12s}, {@code 5h3m}, {@code 2d4h}. */
final class Ages {

    private Ages() {
    }

    static String of(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
        }
        if (seconds < 86_400) {
            return seconds / 3_600 + "h" + (seconds % 3_600 / 60 == 0 ? "" : seconds % 3_600 / 60 + "m");
        }
        return seconds / 86_400 + "d" + (seconds % 86_400 / 3_600 == 0 ? "" : seconds % 86_400 / 3_600 + "h");
    }
}
