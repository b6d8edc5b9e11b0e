package dev.hookline.local.template;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Schedule} event as the template declares it: EventBridge invokes the function every
 * {@code rate}. Only {@code rate(...)} expressions run locally; a {@code cron(...)} one is refused.
 */
public record ScheduleTrigger(String expression, Duration rate) {

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

    static ScheduleTrigger parse(String expression, String where) {
        Matcher rate = RATE.matcher(expression.trim().toLowerCase(Locale.ROOT));
        if (!rate.matches()) {
            throw new TemplateException(where + ": the schedule '" + expression + "' is not a rate expression such as "
                    + "rate(1 minute); the local runtime runs rate expressions only");
        }
        long value = Long.parseLong(rate.group(1));
        Duration unit = switch (rate.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(1);
            case "hour", "hours" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        if (value == 0) {
            throw new TemplateException(where + ": a schedule's rate must be at least 1");
        }
        return new ScheduleTrigger(expression, unit.multipliedBy(value));
    }
}
