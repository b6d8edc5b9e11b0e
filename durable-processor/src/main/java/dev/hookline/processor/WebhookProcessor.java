package dev.hookline.processor;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.store.Advance;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.StaleWriteException;
import dev.hookline.processor.checkpoint.CheckpointContext;
import dev.hookline.processor.claim.ClaimOutcome;
import dev.hookline.processor.claim.ExecutionClaims;
import dev.hookline.processor.durable.PermanentStepFailure;
import dev.hookline.processor.workflow.WebhookWorkflow;
import dev.hookline.validator.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the workflow for one delivered webhook: claim, run or replay the steps, record the outcome. */
public final class WebhookProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookProcessor.class);

    private final ExecutionStore store;
    private final ExecutionClaims claims;
    private final WebhookWorkflow workflow;
    private final Clock clock;

    public WebhookProcessor(ExecutionStore store, ExecutionClaims claims, WebhookWorkflow workflow, Clock clock) {
        this.store = store;
        this.claims = claims;
        this.workflow = workflow;
        this.clock = clock;
    }

    public static WebhookProcessor create(FunctionEnvironment environment) {
        HooklineSettings settings = environment.settings();
        ExecutionStore store = new ExecutionStore(environment.clients().dynamoDb(), settings.executionsTable());
        Clock clock = Clock.systemUTC();
        return new WebhookProcessor(store, new ExecutionClaims(store, settings.leaseDuration(), clock),
                new WebhookWorkflow(Validator.withDefaultRules()), clock);
    }

    public RecordOutcome process(Envelope envelope) {
        ClaimOutcome claim = claims.claim(envelope.token().recordId());
        if (claim instanceof ClaimOutcome.Claimed claimed) {
            return run(envelope, claimed.record(), claimed.leaseOwner());
        }
        if (claim instanceof ClaimOutcome.Busy busy) {
            return new RecordOutcome.RetryLater(Duration.between(clock.instant(), busy.leaseUntil()));
        }
        if (claim instanceof ClaimOutcome.Missing) {
            LOG.error("no execution record for {}; it expired or was never written", envelope.token().recordId());
        }
        return new RecordOutcome.Done();
    }

    private RecordOutcome run(Envelope envelope, ExecutionRecord record, String leaseOwner) {
        CheckpointContext context =
                new CheckpointContext(store, record, leaseOwner, WebhookWorkflow.STATUS_AFTER_STEP, clock);
        try {
            workflow.run(context, envelope);
            return new RecordOutcome.Done();
        } catch (PermanentStepFailure rejected) {
            Instant now = clock.instant();
            store.advance(Advance.to(record.recordId(), leaseOwner, record.round(), record.attempts(),
                            ExecutionStatus.REJECTED, now)
                    .withError(new ExecutionError(rejected.code(), rejected.getMessage())));
            return new RecordOutcome.Done();
        } catch (StaleWriteException lostLease) {
            LOG.warn("{}", lostLease.getMessage());
            return new RecordOutcome.RetryLater(Duration.ZERO);
        } catch (RuntimeException transientFailure) {
            LOG.warn("execution {} failed on attempt {}: {}", record.recordId(), record.attempts(),
                    transientFailure.toString());
            store.releaseLease(record.recordId(), leaseOwner);
            return new RecordOutcome.RetryLater(Duration.ZERO);
        }
    }
}
