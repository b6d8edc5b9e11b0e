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
import dev.hookline.ingest.source.SourcesLocation;
import dev.hookline.processor.action.Forwarder;
import dev.hookline.processor.checkpoint.CheckpointContext;
import dev.hookline.processor.durable.exception.StepRetryScheduled;
import dev.hookline.processor.claim.ClaimOutcome;
import dev.hookline.processor.claim.ExecutionClaims;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.workflow.WebhookWorkflow;
import dev.hookline.validator.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the workflow for one delivered webhook: claim, run or replay the steps, record the outcome,
 * and say what the queue should do with the message. The status and the queues never disagree: an
 * execution is marked {@code FAILED} only when its message is bound for the dead-letter queue.
 */
public final class WebhookProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookProcessor.class);
    /** How long to wait after a failure of Hookline's own storage rather than of a step. */
    static final Duration INFRASTRUCTURE_RETRY = Duration.ofSeconds(5);

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
        WebhookWorkflow workflow = new WebhookWorkflow(Validator.fromEnvironment(environment),
                SourcesLocation.load(environment), Forwarder.create());
        return new WebhookProcessor(store,
                new ExecutionClaims(store, settings.leaseDuration(), WebhookWorkflow.STATUS_AFTER_STEP, clock),
                workflow, clock);
    }

    public RecordOutcome process(Envelope envelope, Delivery delivery) {
        ClaimOutcome claim = claims.claim(envelope.token().recordId(), delivery);
        if (claim instanceof ClaimOutcome.Claimed claimed) {
            return run(envelope, claimed.record(), claimed.leaseOwner(), delivery);
        }
        if (claim instanceof ClaimOutcome.Busy busy) {
            return new RecordOutcome.RetryLater(positive(Duration.between(clock.instant(), busy.leaseUntil())));
        }
        if (claim instanceof ClaimOutcome.DeadLettering failed) {
            LOG.info("execution {} failed; its message (receive {}, sent {}) goes on to the dead-letter queue",
                    failed.record().recordId(), delivery.receiveCount(), delivery.sentAt());
            return new RecordOutcome.RetryLater(Duration.ZERO);
        }
        if (claim instanceof ClaimOutcome.Missing) {
            LOG.error("no execution record for {}; it expired or was never written", envelope.token().recordId());
        }
        return new RecordOutcome.Done();
    }

    private RecordOutcome run(Envelope envelope, ExecutionRecord record, String leaseOwner, Delivery delivery) {
        CheckpointContext context =
                new CheckpointContext(store, record, leaseOwner, WebhookWorkflow.STATUS_AFTER_STEP, clock);
        try {
            workflow.run(context, envelope);
            return new RecordOutcome.Done();
        } catch (ExecutionRejectedException rejected) {
            return end(record, leaseOwner, ExecutionStatus.REJECTED,
                    new ExecutionError(rejected.code(), rejected.getMessage()))
                    ? new RecordOutcome.Done()
                    : new RecordOutcome.RetryLater(Duration.ZERO);
        } catch (NonRetryableStepException failed) {
            return fail(record, leaseOwner, new ExecutionError(failed.code(), failed.getMessage()));
        } catch (StepRetryScheduled retry) {
            if (delivery.isLastAllowedReceive()) {
                return fail(record, leaseOwner, new ExecutionError(retry.error().code(), retry.error().message()
                        + "; that was the last of " + delivery.maxReceiveCount() + " deliveries the queue allows"));
            }
            Instant now = clock.instant();
            store.postponeAttempt(record.recordId(), leaseOwner, retry.error(), now.plus(retry.delay()), now);
            return new RecordOutcome.RetryLater(retry.delay());
        } catch (StaleWriteException lostLease) {
            LOG.warn("{}", lostLease.getMessage());
            return new RecordOutcome.RetryLater(Duration.ZERO);
        } catch (RuntimeException infrastructure) {
            LOG.warn("execution {} attempt {} could not be recorded: {}", record.recordId(), record.attempts(),
                    infrastructure.toString());
            Instant now = clock.instant();
            store.postponeAttempt(record.recordId(), leaseOwner,
                    new ExecutionError("internal_error", "Hookline could not record the attempt; it will retry"),
                    now.plus(INFRASTRUCTURE_RETRY), now);
            return new RecordOutcome.RetryLater(INFRASTRUCTURE_RETRY);
        }
    }

    /** Marks the execution failed and sends its message on towards the dead-letter queue at once. */
    private RecordOutcome fail(ExecutionRecord record, String leaseOwner, ExecutionError error) {
        if (end(record, leaseOwner, ExecutionStatus.FAILED, error)) {
            LOG.warn("execution {} failed: {}", record.recordId(), error.message());
        }
        return new RecordOutcome.RetryLater(Duration.ZERO);
    }

    /** Ends the execution; false when another processor has taken it over meanwhile. */
    private boolean end(ExecutionRecord record, String leaseOwner, ExecutionStatus status, ExecutionError error) {
        Instant now = clock.instant();
        try {
            store.advance(Advance.to(record.recordId(), leaseOwner, record.round(), record.attempts(), status, now)
                    .withError(error));
            return true;
        } catch (StaleWriteException lostLease) {
            LOG.warn("{}", lostLease.getMessage());
            return false;
        }
    }

    private static Duration positive(Duration delay) {
        return delay.isNegative() ? Duration.ZERO : delay;
    }
}
