package dev.hookline.processor.workflow;

/** The execution's final result, stored on the record and shown by the status API. */
public record WorkflowResult(String outcome, ProcessingSummary summary) {
}
