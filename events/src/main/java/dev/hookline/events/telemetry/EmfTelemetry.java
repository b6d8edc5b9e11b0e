package dev.hookline.events.telemetry;

import dev.hookline.events.telemetry.HooklineMetric.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * CloudWatch metrics in the embedded metric format through Powertools: one document per event and
 * dimension set, written at once, so a batch that holds several sources counts each under its own.
 */
public final class EmfTelemetry implements Telemetry {

    private final Metrics metrics;

    /** @param metrics on Lambda, {@code MetricsFactory.getMetricsInstance()} */
    public EmfTelemetry(Metrics metrics) {
        this.metrics = metrics;
        metrics.setNamespace(HooklineMetric.NAMESPACE);
    }

    @Override
    public void emit(LifecycleEvent event) {
        Map<Map<Dimension, String>, List<Measurement>> byDimensions = new LinkedHashMap<>();
        for (Measurement measurement : event.measurements()) {
            byDimensions.computeIfAbsent(measurement.dimensions(), dimensions -> new ArrayList<>())
                    .add(measurement);
        }
        byDimensions.forEach((dimensions, measurements) -> metrics.flushMetrics(document -> {
            // One set, the service (Powertools' default dimension) with ours: left apart, Powertools would
            // write [Service] and [Source] as two sets, and nothing would be counted by both.
            DimensionSet set = new DimensionSet();
            document.getDefaultDimensions().getDimensions().forEach(set::addDimension);
            dimensions.forEach((dimension, value) -> set.addDimension(dimension.cloudWatchName(), value));
            document.clearDefaultDimensions();
            document.addDimension(set);
            for (Measurement measurement : measurements) {
                document.addMetric(measurement.metric().cloudWatchName(), measurement.value(),
                        unit(measurement.metric().unit()));
            }
        }));
    }

    private static MetricUnit unit(HooklineMetric.Unit unit) {
        return unit == HooklineMetric.Unit.COUNT ? MetricUnit.COUNT : MetricUnit.MILLISECONDS;
    }
}
