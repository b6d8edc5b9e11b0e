package dev.hookline.processor.sdk;

import dev.hookline.events.Envelope;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.json.Json;
import dev.hookline.ingest.source.SourcesLocation;
import dev.hookline.processor.action.Forwarder;
import dev.hookline.processor.workflow.WebhookWorkflow;
import dev.hookline.processor.workflow.WorkflowResult;
import dev.hookline.validator.Validator;
import software.amazon.lambda.durable.DurableConfig;
import software.amazon.lambda.durable.DurableContext;
import software.amazon.lambda.durable.DurableHandler;
import software.amazon.lambda.durable.TypeToken;
import software.amazon.lambda.durable.serde.JacksonSerDes;

/**
 * The Lambda durable function entry point: one durable execution per webhook, its input the same
 * {@link Envelope} ingest puts on the queue, its steps run by {@link WebhookWorkflow}. Meant to be
 * invoked with the envelope's record id as the durable execution name, so a repeated invocation
 * joins the existing execution instead of starting another.
 */
public class DurableWebhookHandler extends DurableHandler<Envelope, WorkflowResult> {

    private final WebhookWorkflow workflow;

    public DurableWebhookHandler() {
        this(FunctionEnvironment.lambda());
    }

    /** The workflow built from the environment exactly as the SQS processor builds it. */
    public DurableWebhookHandler(FunctionEnvironment environment) {
        this(new WebhookWorkflow(Validator.fromEnvironment(environment), SourcesLocation.load(environment),
                Forwarder.create()));
    }

    public DurableWebhookHandler(WebhookWorkflow workflow) {
        // Explicit input type, so a subclass (a test's, with an in-memory client) keeps it.
        super(TypeToken.get(Envelope.class));
        this.workflow = workflow;
    }

    /** The SDK's default client, which talks to Lambda; a test overrides this with an in-memory one. */
    @Override
    protected DurableConfig createConfiguration() {
        return settings(DurableConfig.builder()).build();
    }

    /** Checkpoints step results with the project's JSON codec, as the checkpoint engine does. */
    protected static DurableConfig.Builder settings(DurableConfig.Builder builder) {
        return builder.withSerDes(new JacksonSerDes(Json.mapper()));
    }

    @Override
    public WorkflowResult handleRequest(Envelope envelope, DurableContext context) {
        return workflow.run(new SdkDurableContext(context), envelope);
    }
}
