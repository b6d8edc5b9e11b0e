package dev.hookline.local.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A point in time on the command line: a duration meaning that long ago ({@code 90s}, {@code 15m},
 * {@code 2h}, {@code 1d}, {@code 1h30m}, or ISO-8601 {@code PT15M}), or an instant
 * ({@code 2025-06-01T10:00:00Z}, with an offset such as {@code +02:00}, or a date meaning its start
 * in UTC).
 */
public final class TimeArgument implements CommandLine.ITypeConverter<Instant> {

    static final String FORMATS = "a duration ago (90s, 15m, 2h, 1d, 1h30m, PT15M) or an instant"
            + " (2025-06-01T10:00:00Z, 2025-06-01T12:00:00+02:00, 2025-06-01)";
    private static final Pattern SHORT_DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private final Clock clock;

    public TimeArgument() {
        this(Clock.systemUTC());
    }

    TimeArgument(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        try {
            return parse(value, clock);
        } catch (IllegalArgumentException wrong) {
            throw new CommandLine.TypeConversionException(wrong.getMessage());
        }
    }

    /** Parses {@code value} as a duration before {@code clock}'s now, or as an instant. */
    public static Instant parse(String value, Clock clock) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("expected " + FORMATS + ", got nothing");
        }
        Duration ago = duration(text.toLowerCase(Locale.ROOT));
        if (ago != null) {
            return clock.instant().minus(ago);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try the other forms
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            // try a date
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
            throw new IllegalArgumentException("'" + text + "' is not " + FORMATS);
        }
    }

    private static Duration duration(String text) {
        if (text.startsWith("p")) {
            try {
                Duration parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
                if (parsed.isNegative()) {
                    throw new IllegalArgumentException("a duration ago must not be negative: '" + text + "'");
                }
                return parsed;
            } catch (DateTimeParseException notIso) {
                return null;
            }
        }
        Matcher matcher = SHORT_DURATION.matcher(text);
        if (!matcher.matches() || text.isEmpty()) {
            return null;
        }
        long[] units = {86_400, 3_600, 60, 1};
        long seconds = 0;
        try {
            for (int group = 1; group <= 4; group++) {
                if (matcher.group(group) != null) {
                    seconds = Math.addExact(seconds,
                            Math.multiplyExact(Long.parseLong(matcher.group(group)), units[group - 1]));
                }
            }
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw new IllegalArgumentException("'" + text + "' is too long ago");
        }
        return Duration.ofSeconds(seconds);
    }
}
