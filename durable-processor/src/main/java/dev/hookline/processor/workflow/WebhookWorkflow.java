package dev.hookline.processor.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.telemetry.CorrelationFields;
import dev.hookline.events.telemetry.LifecycleEvent;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.ingest.source.ProcessAction;
import dev.hookline.ingest.source.RetrySettings;
import dev.hookline.ingest.source.SourceConfig;
import dev.hookline.ingest.source.SourceLookup;
import dev.hookline.processor.action.ForwardResult;
import dev.hookline.processor.action.Forwarder;
import dev.hookline.processor.durable.DurableContext;
import dev.hookline.processor.durable.StepContext;
import dev.hookline.processor.durable.config.StepConfig;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.retry.ExponentialBackoff;
import dev.hookline.processor.durable.retry.JitterStrategy;
import dev.hookline.validator.ValidationResult;
import dev.hookline.validator.Validator;
import dev.hookline.validator.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The three steps every webhook goes through: validate, process (the source's action: record the
 * payload, or forward it), finalize. Written only against {@link DurableContext}, so it runs the
 * same on the checkpoint engine and on Lambda durable functions. A step that runs (not one replayed
 * from its checkpoint) is reported to the telemetry with the time it took.
 */
public final class WebhookWorkflow {

    public static final String VALIDATE = "validate";
    public static final String PROCESS = "process";
    public static final String FINALIZE = "finalize";

    /** The status an execution reaches once each step has completed. */
    public static final Map<String, ExecutionStatus> STATUS_AFTER_STEP = Map.of(
            VALIDATE, ExecutionStatus.PROCESSING,
            PROCESS, ExecutionStatus.FINALIZING,
            FINALIZE, ExecutionStatus.COMPLETED);

    private final Validator validator;
    private final SourceLookup sources;
    private final Forwarder forwarder;
    private final Telemetry telemetry;

    public WebhookWorkflow(Validator validator, SourceLookup sources, Forwarder forwarder, Telemetry telemetry) {
        this.validator = validator;
        this.sources = sources;
        this.forwarder = forwarder;
        this.telemetry = telemetry;
    }

    public WorkflowResult run(DurableContext context, Envelope envelope) {
        // Before the first step, yet ended like a failed validation: a body that does not read is the
        // webhook's fault, and it would read no better on any later delivery.
        JsonNode payload = Payload.parse(envelope.body());
        // Validating and finalizing compute from the payload alone, so running them again changes nothing.
        context.step(VALIDATE, ValidationResult.class, reported(envelope, step -> validate(envelope, payload)),
                StepConfig.DETERMINISTIC);
        SourceConfig source = sources.find(envelope.source()).orElseThrow(() -> new NonRetryableStepException(
                "unknown_source", "source '" + envelope.source() + "' is no longer configured; add it back and replay"));
        ProcessingSummary summary = context.step(PROCESS, ProcessingSummary.class,
                reported(envelope, step -> process(source, envelope, payload)), processConfig(source));
        return context.step(FINALIZE, WorkflowResult.class,
                reported(envelope, step -> new WorkflowResult("completed", summary)), StepConfig.DETERMINISTIC);
    }

    /** The step's action, timed and reported once it returns, with the step on its log lines meanwhile. */
    private <T> Function<StepContext, T> reported(Envelope envelope, Function<StepContext, T> action) {
        return step -> {
            long started = System.nanoTime();
            T result;
            try (CorrelationFields fields = CorrelationFields.of(envelope.source(), envelope.token().recordId())
                    .step(step.stepName()).attempt(step.attempt())) {
                result = action.apply(step);
            }
            telemetry.emit(new LifecycleEvent.StepDone(envelope.source(), envelope.token().recordId(), step.attempt(),
                    step.stepName(), STATUS_AFTER_STEP.get(step.stepName()),
                    Duration.ofNanos(System.nanoTime() - started)));
            return result;
        };
    }

    private ValidationResult validate(Envelope envelope, JsonNode payload) {
        ValidationResult result = validator.validate(envelope.eventType(), payload);
        if (!result.valid()) {
            throw new ExecutionRejectedException("validation_failed", result.violations().stream()
                    .map(Violation::message)
                    .collect(Collectors.joining("; ")));
        }
        return result;
    }

    private ProcessingSummary process(SourceConfig source, Envelope envelope, JsonNode payload) {
        byte[] body = envelope.body().getBytes(StandardCharsets.UTF_8);
        List<String> fields = new ArrayList<>();
        payload.fieldNames().forEachRemaining(fields::add);
        if (source.action() instanceof ProcessAction.Forward target) {
            // The execution's record id, not its token: the receiver may log it, and it grants nothing.
            ForwardResult forwarded = forwarder.forward(source.name(), target, envelope.token().recordId(), body,
                    envelope.contentType());
            telemetry.emit(new LifecycleEvent.Forwarded(source.name(), envelope.token().recordId(), forwarded.status(),
                    Duration.ofMillis(forwarded.elapsedMillis())));
            return new ProcessingSummary("forward", envelope.eventType(), body.length, fields, forwarded);
        }
        return new ProcessingSummary("record", envelope.eventType(), body.length, fields, null);
    }

    private static StepConfig processConfig(SourceConfig source) {
        return source.retry()
                .map(WebhookWorkflow::backoff)
                .map(StepConfig.DEFAULT::withRetryStrategy)
                .orElse(StepConfig.DEFAULT);
    }

    private static ExponentialBackoff backoff(RetrySettings settings) {
        return new ExponentialBackoff(settings.maxAttempts(), settings.initialDelay(), settings.maxDelay(),
                settings.backoffRate(), JitterStrategy.valueOf(settings.jitter().name()));
    }
}
