package dev.hookline.events.telemetry;

import dev.hookline.events.telemetry.HooklineMetric.Dimension;
import java.util.Map;

/** One value of one metric, with the dimensions it is counted under. */
public record Measurement(HooklineMetric metric, double value, Map<Dimension, String> dimensions) {

    public Measurement {
        dimensions = Map.copyOf(dimensions);
        if (!dimensions.keySet().equals(java.util.Set.copyOf(metric.dimensions()))) {
            throw new IllegalArgumentException(metric + " is counted under " + metric.dimensions()
                    + ", not " + dimensions.keySet());
        }
    }

    public static Measurement count(HooklineMetric metric, Map<Dimension, String> dimensions) {
        return new Measurement(metric, 1, dimensions);
    }

    public static Measurement millis(HooklineMetric metric, java.time.Duration took, Map<Dimension, String> dimensions) {
        return new Measurement(metric, took.toNanos() / 1_000_000.0, dimensions);
    }
}
