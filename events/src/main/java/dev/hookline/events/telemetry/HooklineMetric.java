package dev.hookline.events.telemetry;

import java.util.List;

/**
 * Every metric Hookline emits: its CloudWatch name (embedded metric format, namespace
 * {@value #NAMESPACE}, with Powertools' {@code Service} dimension beside the ones listed here), its
 * unit, and the dimensions it carries. Dimensions are a bounded set: a source's configured name (an
 * unconfigured one is {@value #UNKNOWN_SOURCE}), an error code, a step; never a token or an id.
 * The local runtime serves the same figures at {@code GET /metrics} under {@link #prometheusName()}.
 */
public enum HooklineMetric {
    WEBHOOKS_ACCEPTED("WebhooksAccepted", Unit.COUNT,
            "webhooks recorded, each once: a delivery of one already recorded is a duplicate", Dimension.SOURCE),
    DUPLICATE_DELIVERIES("DuplicateDeliveries", Unit.COUNT,
            "deliveries answered with the token of a webhook already recorded", Dimension.SOURCE),
    WEBHOOKS_REFUSED("WebhooksRefused", Unit.COUNT, "requests refused, by the error code they were answered with",
            Dimension.SOURCE, Dimension.ERROR_CODE),
    SIGNATURE_FAILURES("SignatureFailures", Unit.COUNT, "requests whose signature did not verify", Dimension.SOURCE),
    EXECUTIONS_COMPLETED("ExecutionsCompleted", Unit.COUNT, "executions that reached COMPLETED", Dimension.SOURCE),
    EXECUTIONS_REJECTED("ExecutionsRejected", Unit.COUNT, "executions that validation rejected", Dimension.SOURCE),
    EXECUTIONS_FAILED("ExecutionsFailed", Unit.COUNT,
            "executions whose retries ran out, so their message goes to the dead-letter queue", Dimension.SOURCE),
    STEP_RETRIES("StepRetries", Unit.COUNT, "failed step attempts that were scheduled to run again",
            Dimension.SOURCE, Dimension.STEP),
    EXECUTIONS_REPLAYED("ExecutionsReplayed", Unit.COUNT, "failed executions an operator sent back for a new round",
            Dimension.SOURCE),
    STEP_DURATION("StepDuration", Unit.MILLISECONDS, "time a step took to run, on its successful attempt",
            Dimension.SOURCE, Dimension.STEP),
    FORWARD_LATENCY("ForwardLatency", Unit.MILLISECONDS, "time a forward target took to accept a webhook (2xx)",
            Dimension.SOURCE),
    END_TO_END_LATENCY("EndToEndLatency", Unit.MILLISECONDS,
            "time from receipt to a final status (COMPLETED, REJECTED or FAILED)", Dimension.SOURCE);

    /** The CloudWatch namespace, which the template also sets as {@code POWERTOOLS_METRICS_NAMESPACE}. */
    public static final String NAMESPACE = "Hookline";
    /** The {@code Source} dimension of a request for a source that is not configured. */
    public static final String UNKNOWN_SOURCE = "unknown";

    /** A metric's unit, as CloudWatch spells it. */
    public enum Unit { COUNT, MILLISECONDS }

    /** A dimension's CloudWatch name and its Prometheus label. */
    public enum Dimension {
        SOURCE("Source", "source"),
        ERROR_CODE("ErrorCode", "error_code"),
        STEP("Step", "step");

        private final String cloudWatchName;
        private final String label;

        Dimension(String cloudWatchName, String label) {
            this.cloudWatchName = cloudWatchName;
            this.label = label;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }

        public String label() {
            return label;
        }
    }

    private final String cloudWatchName;
    private final Unit unit;
    private final String help;
    private final List<Dimension> dimensions;

    HooklineMetric(String cloudWatchName, Unit unit, String help, Dimension... dimensions) {
        this.cloudWatchName = cloudWatchName;
        this.unit = unit;
        this.help = help;
        this.dimensions = List.of(dimensions);
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }

    public Unit unit() {
        return unit;
    }

    public String help() {
        return help;
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    /**
     * {@code hookline_webhooks_accepted_total} for a count, {@code hookline_step_duration_seconds} for a
     * time (a histogram in seconds, as Prometheus names base units).
     */
    public String prometheusName() {
        String snake = cloudWatchName.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        return "hookline_" + snake + (unit == Unit.COUNT ? "_total" : "_seconds");
    }
}
