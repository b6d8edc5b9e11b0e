package dev.hookline.local.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.telemetry.HooklineMetric;
import dev.hookline.events.telemetry.LifecycleEvent;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lifecycle events as a Prometheus scrape shows them: names, labels and values. */
class PrometheusTelemetryTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTelemetry telemetry = new PrometheusTelemetry(registry);

    @Test
    void finishedExecutionsAreCountedByStatusAndSourceAndTheirLatencyIsInSeconds() throws IOException {
        telemetry.emit(new LifecycleEvent.Finished("demo", "r1", ExecutionStatus.COMPLETED, null,
                Duration.ofMillis(1500)));
        telemetry.emit(new LifecycleEvent.Finished("github", "r2", ExecutionStatus.REJECTED, "validation_failed",
                Duration.ofMillis(40)));

        assertThat(scrape())
                .contains("# HELP hookline_executions_completed_total executions that reached COMPLETED\n")
                .contains("# TYPE hookline_executions_completed_total counter\n")
                .contains("hookline_executions_completed_total{source=\"demo\"} 1.0\n")
                .doesNotContain("hookline_executions_completed_total{source=\"github\"}")
                .contains("hookline_executions_rejected_total{source=\"github\"} 1.0\n")
                .contains("# TYPE hookline_end_to_end_latency_seconds histogram\n")
                .contains("hookline_end_to_end_latency_seconds_count{source=\"demo\"} 1\n")
                .contains("hookline_end_to_end_latency_seconds_sum{source=\"demo\"} 1.5\n")
                .contains("hookline_end_to_end_latency_seconds_bucket{source=\"github\",le=\"0.05\"} 1\n")
                .contains("hookline_end_to_end_latency_seconds_bucket{source=\"github\",le=\"0.025\"} 0\n");
    }

    @Test
    void aStepsDurationIsObservedUnderItsSourceAndStep() throws IOException {
        telemetry.emit(new LifecycleEvent.StepDone("demo", "r1", 1, "validate", ExecutionStatus.PROCESSING,
                Duration.ofMillis(250)));

        assertThat(scrape())
                .contains("hookline_step_duration_seconds_count{source=\"demo\",step=\"validate\"} 1\n")
                .contains("hookline_step_duration_seconds_sum{source=\"demo\",step=\"validate\"} 0.25\n")
                .contains("hookline_step_duration_seconds_bucket{source=\"demo\",step=\"validate\",le=\"0.25\"} 1\n")
                .contains("hookline_step_duration_seconds_bucket{source=\"demo\",step=\"validate\",le=\"0.1\"} 0\n");
    }

    @Test
    void aRefusalIsCountedUnderItsErrorCodeAndABadSignatureAlsoAsASignatureFailure() throws IOException {
        telemetry.emit(new LifecycleEvent.Refused("demo", 401, LifecycleEvent.Refused.INVALID_SIGNATURE));
        telemetry.emit(new LifecycleEvent.Refused("demo", 401, LifecycleEvent.Refused.INVALID_SIGNATURE));

        assertThat(scrape())
                .contains("hookline_webhooks_refused_total{error_code=\"invalid_signature\",source=\"demo\"} 2.0\n")
                .contains("hookline_signature_failures_total{source=\"demo\"} 2.0\n");
        assertThat(telemetry.total(HooklineMetric.WEBHOOKS_REFUSED)).isEqualTo(2);
    }

    @Test
    void everyMetricShowsUpUnderItsPrometheusNameWithItsHelpOnceCounted() throws IOException {
        for (LifecycleEvent event : List.of(
                new LifecycleEvent.Received("demo", "r1", "order"),
                new LifecycleEvent.Duplicate("demo", "r1", ExecutionStatus.STARTED),
                new LifecycleEvent.Refused("demo", 401, LifecycleEvent.Refused.INVALID_SIGNATURE),
                new LifecycleEvent.StepDone("demo", "r1", 1, "validate", ExecutionStatus.PROCESSING,
                        Duration.ofMillis(2)),
                new LifecycleEvent.Forwarded("demo", "r1", 200, Duration.ofMillis(30)),
                new LifecycleEvent.RetryScheduled("demo", "r1", 1, "process", "target_unavailable",
                        Duration.ofSeconds(1)),
                new LifecycleEvent.Finished("demo", "r1", ExecutionStatus.COMPLETED, null, Duration.ofMillis(9)),
                new LifecycleEvent.Finished("demo", "r2", ExecutionStatus.REJECTED, "validation_failed",
                        Duration.ofMillis(9)),
                new LifecycleEvent.Finished("demo", "r3", ExecutionStatus.FAILED, "retries_exhausted",
                        Duration.ofMillis(9)),
                new LifecycleEvent.Replayed("demo", "r3", 2, ExecutionStatus.PROCESSING))) {
            telemetry.emit(event);
        }
        String scrape = scrape();

        for (HooklineMetric metric : HooklineMetric.values()) {
            assertThat(scrape).as(metric.name())
                    .contains("# HELP " + metric.prometheusName() + " " + metric.help() + "\n")
                    .contains("\n" + metric.prometheusName()
                            + (metric.unit() == HooklineMetric.Unit.COUNT ? "{" : "_count{"));
        }
    }

    @Test
    void totalsAddUpEveryLabelAndTwoRegistriesCountApart() {
        PrometheusTelemetry other = new PrometheusTelemetry(new PrometheusRegistry());

        telemetry.emit(new LifecycleEvent.Received("demo", "r1", "order"));
        telemetry.emit(new LifecycleEvent.Received("github", "r2", null));
        telemetry.emit(new LifecycleEvent.StepDone("demo", "r1", 1, "validate", ExecutionStatus.PROCESSING,
                Duration.ofMillis(3)));

        assertThat(telemetry.total(HooklineMetric.WEBHOOKS_ACCEPTED)).isEqualTo(2);
        assertThat(telemetry.total(HooklineMetric.STEP_DURATION)).isEqualTo(1);
        assertThat(other.total(HooklineMetric.WEBHOOKS_ACCEPTED)).isZero();
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, registry.scrape());
        return text.toString(StandardCharsets.UTF_8);
    }
}
