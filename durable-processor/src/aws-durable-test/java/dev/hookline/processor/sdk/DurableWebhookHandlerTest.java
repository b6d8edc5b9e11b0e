package dev.hookline.processor.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionToken;
import dev.hookline.ingest.source.Sources;
import dev.hookline.processor.action.ForwardTarget;
import dev.hookline.processor.action.Forwarder;
import dev.hookline.processor.durable.config.StepConfig;
import dev.hookline.processor.durable.config.StepSemantics;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.retry.RetryDecision;
import dev.hookline.processor.durable.retry.RetryStrategy;
import dev.hookline.processor.workflow.WebhookWorkflow;
import dev.hookline.processor.workflow.WorkflowResult;
import dev.hookline.validator.Validator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.OperationStatus;
import software.amazon.lambda.durable.DurableConfig;
import software.amazon.lambda.durable.model.ExecutionStatus;
import software.amazon.lambda.durable.testing.LocalDurableTestRunner;
import software.amazon.lambda.durable.testing.TestOperation;
import software.amazon.lambda.durable.testing.TestResult;
import software.amazon.lambda.durable.testing.local.LocalMemoryExecutionClient;

/** The real workflow through the real handler on the SDK's in-memory durable backend. */
class DurableWebhookHandlerTest {

    private static final String FORWARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /** The production handler, but checkpointing to memory instead of calling Lambda. */
    static final class InMemoryHandler extends DurableWebhookHandler {
        InMemoryHandler(WebhookWorkflow workflow) {
            super(workflow);
        }

        @Override
        protected DurableConfig createConfiguration() {
            return inMemory();
        }
    }

    private final ForwardTarget target = ForwardTarget.accepting();
    private LocalDurableTestRunner<Envelope, WorkflowResult> runner;

    @BeforeEach
    void start() {
        Sources sources = Sources.parse("""
                sources:
                  demo: { scheme: none }
                  shop:
                    scheme: none
                    action: forward
                    forwardUrl: "%s"
                    forwardSecret: %s
                    forwardTimeoutSeconds: 2
                    retry: { maxAttempts: 3, initialDelaySeconds: 1, maxDelaySeconds: 1, jitter: none }
                """.formatted(target.url(), FORWARD_SECRET));
        WebhookWorkflow workflow = new WebhookWorkflow(Validator.withDefaultRules(), sources,
                Forwarder.create(Duration.ofSeconds(2), Clock.systemUTC()));
        runner = LocalDurableTestRunner.create(Envelope.class, new InMemoryHandler(workflow));
    }

    @AfterEach
    void stop() {
        target.close();
    }

    @Test
    void aValidOrderCompletesAfterTheThreeSteps() {
        TestResult<WorkflowResult> result =
                runner.runUntilComplete(envelope("demo", "order", "{\"type\":\"order\",\"orderId\":\"A-1\"}"));

        assertThat(result.getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
        WorkflowResult output = result.getResult(WorkflowResult.class);
        assertThat(output.outcome()).isEqualTo("completed");
        assertThat(output.summary().action()).isEqualTo("record");
        assertThat(output.summary().fields()).containsExactly("type", "orderId");
        assertThat(result.getSucceededOperations()).extracting(TestOperation::getName)
                .containsExactly(WebhookWorkflow.VALIDATE, WebhookWorkflow.PROCESS, WebhookWorkflow.FINALIZE);
    }

    @Test
    void anInvalidOrderFailsTheExecutionAtValidateWithoutARetry() {
        TestResult<WorkflowResult> result =
                runner.runUntilComplete(envelope("demo", "order", "{\"type\":\"order\"}"));

        assertThat(result.getStatus()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.getError()).hasValueSatisfying(error -> assertThat(error.errorMessage()).contains("orderId"));
        TestOperation validate = result.getOperation(WebhookWorkflow.VALIDATE);
        assertThat(validate.getStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(validate.getAttempt()).isEqualTo(1);
        assertThat(result.getOperation(WebhookWorkflow.PROCESS)).isNull();
    }

    @Test
    void aForwardTheTargetFailsOnceIsRetriedByTheSourcesStrategy() {
        target.answer((id, attempt) -> attempt == 1 ? 503 : 200);
        Envelope envelope = envelope("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-2\"}");

        TestResult<WorkflowResult> result = runner.runUntilComplete(envelope);

        assertThat(result.getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.getResult(WorkflowResult.class).summary().forwarded().status()).isEqualTo(200);
        assertThat(target.arrivals(envelope.token().recordId())).as("both carry the record id").hasSize(2);
        assertThat(target.requests()).isEqualTo(2);
    }

    @Test
    void aForwardTheTargetRefusesFailsTheExecutionWithoutARetry() {
        target.answer((id, attempt) -> 400);

        TestResult<WorkflowResult> result =
                runner.runUntilComplete(envelope("shop", "order", "{\"type\":\"order\",\"orderId\":\"A-3\"}"));

        assertThat(result.getStatus()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.getOperation(WebhookWorkflow.PROCESS).getStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(target.requests()).isEqualTo(1);
    }

    @Test
    void ourStrategyDecidesRetriesAndTheStepSeesOneBasedAttempts() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<Integer> decided = new CopyOnWriteArrayList<>();
        RetryStrategy retryOnce = (error, attempt) -> {
            decided.add(attempt);
            return attempt < 2 ? RetryDecision.retryAfter(Duration.ofMillis(200)) : RetryDecision.giveUp();
        };
        LocalDurableTestRunner<String, String> flaky = LocalDurableTestRunner.create(String.class,
                (input, context) -> new SdkDurableContext(context).step("flaky", String.class, step -> {
                    seen.add(step.attempt());
                    if (step.attempt() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    return input + " on attempt " + step.attempt();
                }, StepConfig.DEFAULT.withRetryStrategy(retryOnce)), inMemory());

        TestResult<String> result = flaky.runUntilComplete("ok");

        assertThat(result.getStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.getResult(String.class)).isEqualTo("ok on attempt 2");
        assertThat(seen).containsExactly(1, 2);
        assertThat(decided).containsExactly(1);
    }

    @Test
    void nonRetryableAndRejectedFailuresAreNeverRetried() {
        var strategy = SdkDurableContext.sdkStrategy((error, attempt) -> RetryDecision.retryAfter(Duration.ofSeconds(1)));

        assertThat(strategy.makeRetryDecision(new NonRetryableStepException("forward_rejected", "400"), 1)
                .shouldRetry()).isFalse();
        assertThat(strategy.makeRetryDecision(new ExecutionRejectedException("validation_failed", "no id"), 1)
                .shouldRetry()).isFalse();
        assertThat(strategy.makeRetryDecision(new IllegalStateException("timeout"), 1).delay())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSubSecondDelayIsRoundedUpToTheSdksWholeSeconds() {
        RetryStrategy oneAndAHalf = (error, attempt) -> RetryDecision.retryAfter(Duration.ofMillis(1500));
        RetryStrategy zero = (error, attempt) -> RetryDecision.retryAfter(Duration.ZERO);

        assertThat(SdkDurableContext.sdkStrategy(oneAndAHalf).makeRetryDecision(new RuntimeException(), 1).delay())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(SdkDurableContext.sdkStrategy(zero).makeRetryDecision(new RuntimeException(), 1).delay())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void semanticsMapByName() {
        for (StepSemantics semantics : StepSemantics.values()) {
            assertThat(SdkDurableContext.sdkConfig(StepConfig.DEFAULT.withSemantics(semantics)).semanticsPerRetry()
                    .name()).isEqualTo(semantics.name());
        }
    }

    private static DurableConfig inMemory() {
        return DurableWebhookHandler.settings(
                DurableConfig.builder().withDurableExecutionClient(new LocalMemoryExecutionClient())).build();
    }

    private static Envelope envelope(String source, String type, String body) {
        String key = source + ":" + type + ":" + System.nanoTime();
        ExecutionToken token = ExecutionToken.issue(key, new SecureRandom());
        return new Envelope(token.value(), key, source, type, Instant.now(), "application/json", body);
    }
}
