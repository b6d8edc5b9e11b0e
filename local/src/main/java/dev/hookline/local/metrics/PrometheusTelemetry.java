package dev.hookline.local.metrics;

import dev.hookline.events.telemetry.HooklineMetric;
import dev.hookline.events.telemetry.HooklineMetric.Dimension;
import dev.hookline.events.telemetry.LifecycleEvent;
import dev.hookline.events.telemetry.Measurement;
import dev.hookline.events.telemetry.Telemetry;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import java.util.EnumMap;
import java.util.Map;

/**
 * The local stand-in for CloudWatch: every {@link HooklineMetric} in a Prometheus registry, a count
 * as a counter and a time as a histogram in seconds, labelled with its dimensions.
 */
public final class PrometheusTelemetry implements Telemetry {

    private final Map<HooklineMetric, Counter> counters = new EnumMap<>(HooklineMetric.class);
    private final Map<HooklineMetric, Histogram> histograms = new EnumMap<>(HooklineMetric.class);

    /** Registers every metric in {@code registry}, so each is there, under its name, before it first counts. */
    public PrometheusTelemetry(PrometheusRegistry registry) {
        for (HooklineMetric metric : HooklineMetric.values()) {
            String[] labels = metric.dimensions().stream().map(Dimension::label).toArray(String[]::new);
            if (metric.unit() == HooklineMetric.Unit.COUNT) {
                counters.put(metric, Counter.builder()
                        .name(metric.prometheusName())
                        .help(metric.help())
                        .labelNames(labels)
                        .withoutExemplars()
                        .register(registry));
            } else {
                // Classic buckets only: the text format has no native histograms, so keeping them is waste.
                histograms.put(metric, Histogram.builder()
                        .name(metric.prometheusName())
                        .help(metric.help())
                        .labelNames(labels)
                        .classicOnly()
                        .withoutExemplars()
                        .register(registry));
            }
        }
    }

    @Override
    public void emit(LifecycleEvent event) {
        for (Measurement measurement : event.measurements()) {
            HooklineMetric metric = measurement.metric();
            String[] labelValues = metric.dimensions().stream()
                    .map(dimension -> measurement.dimensions().get(dimension))
                    .toArray(String[]::new);
            if (metric.unit() == HooklineMetric.Unit.COUNT) {
                counters.get(metric).labelValues(labelValues).inc(measurement.value());
            } else {
                histograms.get(metric).labelValues(labelValues).observe(measurement.value() / 1000.0);
            }
        }
    }

    /** What {@code metric} has counted so far under every label together; for a time, how many were timed. */
    public long total(HooklineMetric metric) {
        if (metric.unit() == HooklineMetric.Unit.COUNT) {
            return (long) counters.get(metric).collect().getDataPoints().stream()
                    .mapToDouble(CounterDataPointSnapshot::getValue).sum();
        }
        return histograms.get(metric).collect().getDataPoints().stream()
                .mapToLong(HistogramDataPointSnapshot::getCount).sum();
    }
}
