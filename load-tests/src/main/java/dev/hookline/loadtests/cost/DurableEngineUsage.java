package dev.hookline.loadtests.cost;

/**
 * What the durable engine adds per webhook, counted from the SDK adapter's code
 * ({@code durable-processor/src/aws-durable}) for a webhook that completes on its first delivery:
 * the mapping's invocation starts one durable execution per batch ({@code DurableWebhookHandler});
 * each record runs in a child context ({@code runInChildContextAsync}); {@code WebhookProcessor}
 * claims it in an SDK step ({@code SdkEngine.once("claim")}); and each of the workflow's three
 * steps is an SDK step ({@code SdkExecutionContext.step}). {@code once("end")} and
 * {@code once("postpone")} run only on failures and retries. Its DynamoDB writes (checkpoint and
 * status per step, on the execution record) are the checkpoint engine's, so they are not repeated
 * here, and Lambda bills the invocations and duration as for the checkpoint engine (plus the SDK's
 * checkpoint calls, not measured here).
 */
public final class DurableEngineUsage {

    static final int OPERATIONS_PER_EXECUTION = 1;
    static final int WORKFLOW_STEPS = 3;
    static final int OPERATIONS_PER_RECORD = 1 + 1 + WORKFLOW_STEPS;

    private DurableEngineUsage() {
    }

    /** @param invocationsPerWebhook the processor's invocations (batches) per webhook */
    public static double operationsPerWebhook(double invocationsPerWebhook) {
        return invocationsPerWebhook * OPERATIONS_PER_EXECUTION + OPERATIONS_PER_RECORD;
    }

    /**
     * An estimate of the bytes a webhook's durable operations write: its message in the execution's
     * input, the claim's result (which holds the execution record, here sized as the completed one,
     * so an upper bound) and each step's result.
     */
    public static double bytesWrittenPerWebhook(double messageBytes, double recordBytes, double stepResultBytes) {
        return messageBytes + recordBytes + stepResultBytes;
    }
}
