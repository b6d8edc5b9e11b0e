package dev.hookline.ingest.signature;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** The replay window every timestamped scheme shares, so the schemes cannot drift apart on it. */
final class SignedTimestamp {

    // Digits only: Long.parseLong would also take "+123", and a bound on length keeps it from overflowing.
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,12}");

    private SignedTimestamp() {
    }

    static Duration requirePositive(Duration tolerance) {
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("the timestamp tolerance must be positive");
        }
        return tolerance;
    }

    static boolean isUnixSeconds(String value) {
        return value != null && UNIX_SECONDS.matcher(value).matches();
    }

    /**
     * Whether the sender's timestamp is within {@code tolerance} of now, either side: a future one is
     * as suspect as an old one, since a signature made for later could be replayed for longer.
     * {@code value} must already have passed {@link #isUnixSeconds}.
     */
    static Verification check(String name, String value, Duration tolerance, Clock clock) {
        // Measured as a difference rather than now ± tolerance, which a huge configured tolerance would overflow.
        Duration age = Duration.between(Instant.ofEpochSecond(Long.parseLong(value)), clock.instant());
        if (age.compareTo(tolerance) > 0) {
            return Verification.invalid("the " + name + " is older than the allowed "
                    + tolerance.toSeconds() + " seconds; the request may be a replay");
        }
        if (age.negated().compareTo(tolerance) > 0) {
            return Verification.invalid("the " + name + " is more than "
                    + tolerance.toSeconds() + " seconds in the future; check the sender's clock");
        }
        return Verification.verified();
    }
}
