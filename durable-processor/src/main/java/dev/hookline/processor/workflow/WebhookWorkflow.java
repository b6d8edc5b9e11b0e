package dev.hookline.processor.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.json.Json;
import dev.hookline.processor.durable.DurableContext;
import dev.hookline.processor.durable.PermanentStepFailure;
import dev.hookline.validator.ValidationResult;
import dev.hookline.validator.Validator;
import dev.hookline.validator.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The three steps every webhook goes through: validate, process, finalize. Written only against
 * {@link DurableContext}, so it runs the same on the checkpoint engine and on Lambda durable functions.
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

    public WebhookWorkflow(Validator validator) {
        this.validator = validator;
    }

    public WorkflowResult run(DurableContext context, Envelope envelope) {
        JsonNode payload = Json.tree(envelope.body());
        context.step(VALIDATE, ValidationResult.class, step -> validate(envelope, payload));
        ProcessingSummary summary = context.step(PROCESS, ProcessingSummary.class, step -> record(envelope, payload));
        return context.step(FINALIZE, WorkflowResult.class, step -> new WorkflowResult("completed", summary));
    }

    private ValidationResult validate(Envelope envelope, JsonNode payload) {
        ValidationResult result = validator.validate(envelope.eventType(), payload);
        if (!result.valid()) {
            throw new PermanentStepFailure("validation_failed", result.violations().stream()
                    .map(Violation::message)
                    .collect(Collectors.joining("; ")));
        }
        return result;
    }

    private static ProcessingSummary record(Envelope envelope, JsonNode payload) {
        List<String> fields = new ArrayList<>();
        payload.fieldNames().forEachRemaining(fields::add);
        return new ProcessingSummary("record", envelope.eventType(),
                envelope.body().getBytes(StandardCharsets.UTF_8).length, fields);
    }
}
