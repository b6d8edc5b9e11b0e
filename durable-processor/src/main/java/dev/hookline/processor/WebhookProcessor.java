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
import dev.hookline.processor.checkpoint.CheckpointEngine;
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
    public static final Duration INFRASTRUCTURE_RETRY = Duration.ofSeconds(5);

    private final ExecutionStore store;
    private final ExecutionClaims claims;
    private final WebhookWorkflow workflow;
    private final Clock clock;
    private final CheckpointEngine checkpointEngine;

    public WebhookProcessor(ExecutionStore store, ExecutionClaims claims, WebhookWorkflow workflow, Clock clock) {
        this.store = store;
        this.claims = claims;
        this.workflow = workflow;
        this.clock = clock;
        this.checkpointEngine = new CheckpointEngine(store, WebhookWorkflow.STATUS_AFTER_STEP, clock);
    }

    public static WebhookProcessor create(FunctionEnvironment environment) {
        return create(environment, new ExecutionStore(environment.clients().dynamoDb(),
                environment.settings().executionsTable()), Clock.systemUTC());
    }

    /** The processor the environment configures, on this store and clock. */
    public static WebhookProcessor create(FunctionEnvironment environment, ExecutionStore store, Clock clock) {
        HooklineSettings settings = environment.settings();
        WebhookWorkflow workflow = new WebhookWorkflow(Validator.fromEnvironment(environment),
                SourcesLocation.load(environment), Forwarder.create());
        return new WebhookProcessor(store,
                new ExecutionClaims(store, settings.leaseDuration(), WebhookWorkflow.STATUS_AFTER_STEP, clock),
                workflow, clock);
    }

    /** Processes a delivery on the checkpoint engine. */
    public RecordOutcome process(Envelope envelope, Delivery delivery) {
        return process(envelope, delivery, checkpointEngine);
    }

    /** Processes a delivered queue message, as its body came, on the checkpoint engine. */
    public RecordOutcome processMessage(String messageBody, Delivery delivery) {
        return processMessage(messageBody, delivery, checkpointEngine);
    }

    /**
     * Processes a delivered queue message, as its body came, on the given engine. A message that is
     * not an envelope names no execution that could be ended, and no retry would make it readable,
     * so it goes straight on to the dead-letter queue, where an operator sees it.
     */
    public RecordOutcome processMessage(String messageBody, Delivery delivery, ExecutionEngine engine) {
        QueuedEnvelope read = QueuedEnvelope.read(messageBody);
        if (read instanceof QueuedEnvelope.Unreadable unreadable) {
            LOG.error("message {} (receive {} of {}) is not a webhook envelope: {}; it goes on to the dead-letter queue",
                    delivery.messageId(), delivery.receiveCount(), delivery.maxReceiveCount(), unreadable.reason());
            return new RecordOutcome.RetryLater(Duration.ZERO);
        }
        return process(((QueuedEnvelope.Readable) read).envelope(), delivery, engine);
    }

    /** Processes a delivery on the given engine: both claim, record and end an execution the same way. */
    public RecordOutcome process(Envelope envelope, Delivery delivery, ExecutionEngine engine) {
        ClaimOutcome claim = engine.once("claim", ClaimOutcome.class,
                () -> claims.claim(envelope.token().recordId(), delivery));
        if (claim instanceof ClaimOutcome.Claimed claimed) {
            return run(envelope, claimed.record(), claimed.leaseOwner(), delivery, engine);
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

    private RecordOutcome run(
            Envelope envelope, ExecutionRecord record, String leaseOwner, Delivery delivery, ExecutionEngine engine) {
        ExecutionContext context = engine.contextFor(record, leaseOwner);
        try {
            workflow.run(context, envelope);
            return new RecordOutcome.Done();
        } catch (ExecutionRejectedException rejected) {
            return end(record, leaseOwner, ExecutionStatus.REJECTED,
                    new ExecutionError(rejected.code(), rejected.getMessage()), context.attempts(), engine)
                    ? new RecordOutcome.Done()
                    : new RecordOutcome.RetryLater(Duration.ZERO);
        } catch (NonRetryableStepException failed) {
            return fail(record, leaseOwner, new ExecutionError(failed.code(), failed.getMessage()), context.attempts(),
                    engine);
        } catch (StepRetryScheduled retry) {
            if (delivery.isLastAllowedReceive()) {
                return fail(record, leaseOwner, new ExecutionError(retry.error().code(), retry.error().message()
                        + "; that was the last of " + delivery.maxReceiveCount() + " deliveries the queue allows"),
                        context.attempts(), engine);
            }
            postpone(record, leaseOwner, retry.error(), retry.delay(), engine);
            return new RecordOutcome.RetryLater(retry.delay());
        } catch (StaleWriteException lostLease) {
            LOG.warn("{}", lostLease.getMessage());
            return new RecordOutcome.RetryLater(Duration.ZERO);
        } catch (RuntimeException infrastructure) {
            LOG.warn("execution {} attempt {} could not be recorded: {}", record.recordId(), context.attempts(),
                    infrastructure.toString());
            if (delivery.isLastAllowedReceive()) {
                // The message goes to the dead-letter queue after this: the status must say so, not stay where it was.
                return fail(record, leaseOwner, new ExecutionError("internal_error", "Hookline could not record"
                        + " attempt " + context.attempts() + ", the last of " + delivery.maxReceiveCount()
                        + " deliveries the queue allows; replay it once Hookline's storage is healthy"),
                        context.attempts(), engine);
            }
            postpone(record, leaseOwner,
                    new ExecutionError("internal_error", "Hookline could not record the attempt; it will retry"),
                    INFRASTRUCTURE_RETRY, engine);
            return new RecordOutcome.RetryLater(INFRASTRUCTURE_RETRY);
        }
    }

    private void postpone(
            ExecutionRecord record, String leaseOwner, ExecutionError error, Duration delay, ExecutionEngine engine) {
        engine.once("postpone", Boolean.class, () -> {
            Instant now = clock.instant();
            store.postponeAttempt(record.recordId(), leaseOwner, error, now.plus(delay), now);
            return true;
        });
    }

    /** Marks the execution failed and sends its message on towards the dead-letter queue at once. */
    private RecordOutcome fail(
            ExecutionRecord record, String leaseOwner, ExecutionError error, int attempts, ExecutionEngine engine) {
        if (end(record, leaseOwner, ExecutionStatus.FAILED, error, attempts, engine)) {
            LOG.warn("execution {} failed: {}", record.recordId(), error.message());
        }
        return new RecordOutcome.RetryLater(Duration.ZERO);
    }

    /** Ends the execution; false when another processor has taken it over meanwhile. */
    private boolean end(ExecutionRecord record, String leaseOwner, ExecutionStatus status, ExecutionError error,
            int attempts, ExecutionEngine engine) {
        return engine.once("end", Boolean.class, () -> {
            try {
                store.advance(Advance.to(record.recordId(), leaseOwner, record.round(), attempts, status,
                        clock.instant()).withError(error));
                return true;
            } catch (StaleWriteException lostLease) {
                LOG.warn("{}", lostLease.getMessage());
                return false;
            }
        });
    }

    private static Duration positive(Duration delay) {
        return delay.isNegative() ? Duration.ZERO : delay;
    }
}
