package dev.hookline.processor;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.StaleWriteException;
import dev.hookline.events.telemetry.CorrelationFields;
import dev.hookline.events.telemetry.LifecycleEvent;
import dev.hookline.events.telemetry.Telemetry;
import dev.hookline.ingest.source.SourcesLocation;
import dev.hookline.processor.action.Forwarder;
import dev.hookline.processor.checkpoint.CheckpointEngine;
import dev.hookline.processor.checkpoint.FirstClaimRefusedException;
import dev.hookline.processor.claim.ClaimOutcome;
import dev.hookline.processor.claim.ExecutionClaims;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.exception.StepRetryScheduled;
import dev.hookline.processor.workflow.WebhookWorkflow;
import dev.hookline.validator.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

    private final ExecutionClaims claims;
    private final WebhookWorkflow workflow;
    private final Clock clock;
    private final CheckpointEngine checkpointEngine;
    private final Telemetry telemetry;

    /** @param telemetry is told of every execution that finishes and every retry scheduled */
    public WebhookProcessor(ExecutionStore store, ExecutionClaims claims, WebhookWorkflow workflow, Clock clock,
            Telemetry telemetry) {
        this.claims = claims;
        this.workflow = workflow;
        this.clock = clock;
        this.telemetry = telemetry;
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
                SourcesLocation.load(environment), Forwarder.create(), environment.telemetry());
        return new WebhookProcessor(store, new ExecutionClaims(store, settings.leaseDuration(),
                WebhookWorkflow.STATUS_AFTER_STEP, clock, environment.telemetry()), workflow, clock,
                environment.telemetry());
    }

    /**
     * Processes a delivery on the checkpoint engine. A first delivery claims the execution with its
     * first write rather than a write of its own: the deterministic steps before it write nothing.
     */
    public RecordOutcome process(Envelope envelope, Delivery delivery) {
        try (CorrelationFields fields = correlation(envelope)) {
            return processOnCheckpoints(envelope, delivery);
        }
    }

    private RecordOutcome processOnCheckpoints(Envelope envelope, Delivery delivery) {
        if (!delivery.isFirstReceive()) {
            return process(envelope, delivery, checkpointEngine);
        }
        try {
            return run(envelope, checkpointEngine.contextForUntouched(envelope.token().recordId(), claims.newLease()),
                    delivery, checkpointEngine);
        } catch (FirstClaimRefusedException refused) {
            return proceed(claims.claimAsFound(refused.current(), delivery), envelope, delivery, checkpointEngine);
        }
    }

    /** Processes a delivered queue message, as its body came, on the checkpoint engine. */
    public RecordOutcome processMessage(String messageBody, Delivery delivery) {
        return envelopeOf(messageBody, delivery)
                .map(envelope -> process(envelope, delivery))
                .orElseGet(() -> new RecordOutcome.RetryLater(Duration.ZERO));
    }

    /** Processes a delivered queue message, as its body came, on the given engine. */
    public RecordOutcome processMessage(String messageBody, Delivery delivery, ExecutionEngine engine) {
        return envelopeOf(messageBody, delivery)
                .map(envelope -> process(envelope, delivery, engine))
                .orElseGet(() -> new RecordOutcome.RetryLater(Duration.ZERO));
    }

    /**
     * The envelope a queue message carries. A message that is not an envelope names no execution
     * that could be ended, and no retry would make it readable, so it goes straight on to the
     * dead-letter queue, where an operator sees it.
     */
    private static Optional<Envelope> envelopeOf(String messageBody, Delivery delivery) {
        QueuedEnvelope read = QueuedEnvelope.read(messageBody);
        if (read instanceof QueuedEnvelope.Unreadable unreadable) {
            LOG.error("message {} (receive {} of {}) is not a webhook envelope: {}; it goes on to the dead-letter queue",
                    delivery.messageId(), delivery.receiveCount(), delivery.maxReceiveCount(), unreadable.reason());
            return Optional.empty();
        }
        return Optional.of(((QueuedEnvelope.Readable) read).envelope());
    }

    /** Processes a delivery on the given engine: both claim, record and end an execution the same way. */
    public RecordOutcome process(Envelope envelope, Delivery delivery, ExecutionEngine engine) {
        try (CorrelationFields fields = correlation(envelope)) {
            return claimThenProceed(envelope, delivery, engine);
        }
    }

    private static CorrelationFields correlation(Envelope envelope) {
        return CorrelationFields.of(envelope.source(), envelope.token().recordId());
    }

    private RecordOutcome claimThenProceed(Envelope envelope, Delivery delivery, ExecutionEngine engine) {
        ClaimOutcome claim = engine.once("claim", ClaimOutcome.class,
                () -> claims.claim(envelope.token().recordId(), delivery));
        return proceed(claim, envelope, delivery, engine);
    }

    private RecordOutcome proceed(ClaimOutcome claim, Envelope envelope, Delivery delivery, ExecutionEngine engine) {
        if (claim instanceof ClaimOutcome.Claimed claimed) {
            return run(envelope, engine.contextFor(claimed.record(), claimed.leaseOwner()), delivery, engine);
        }
        if (claim instanceof ClaimOutcome.Busy busy) {
            return new RecordOutcome.RetryLater(positive(Duration.between(clock.instant(), busy.leaseUntil())));
        }
        if (claim instanceof ClaimOutcome.DeadLettering failed) {
            // Said once, when it failed; each later receive only moves the message along.
            LOG.debug("execution {} failed; its message (receive {}, sent {}) goes on to the dead-letter queue",
                    failed.record().recordId(), delivery.receiveCount(), delivery.sentAt());
            return new RecordOutcome.RetryLater(Duration.ZERO);
        }
        if (claim instanceof ClaimOutcome.Missing) {
            LOG.error("no execution record for {}; it expired or was never written", envelope.token().recordId());
        }
        return new RecordOutcome.Done();
    }

    private RecordOutcome run(Envelope envelope, ExecutionContext context, Delivery delivery, ExecutionEngine engine) {
        try (CorrelationFields fields = correlation(envelope).round(context.round()).attempt(context.attempts())) {
            return runClaimed(envelope, context, delivery, engine);
        }
    }

    private RecordOutcome runClaimed(
            Envelope envelope, ExecutionContext context, Delivery delivery, ExecutionEngine engine) {
        String recordId = envelope.token().recordId();
        try {
            workflow.run(context, envelope);
            context.flush();
            finished(envelope, ExecutionStatus.COMPLETED, null);
            return new RecordOutcome.Done();
        } catch (ExecutionRejectedException rejected) {
            if (end(recordId, context, ExecutionStatus.REJECTED,
                    new ExecutionError(rejected.code(), rejected.getMessage()), engine)) {
                finished(envelope, ExecutionStatus.REJECTED, rejected.code());
                return new RecordOutcome.Done();
            }
            return new RecordOutcome.RetryLater(Duration.ZERO);
        } catch (NonRetryableStepException failed) {
            return fail(envelope, context, new ExecutionError(failed.code(), failed.getMessage()), engine);
        } catch (StepRetryScheduled retry) {
            if (delivery.isLastAllowedReceive()) {
                return fail(envelope, context, new ExecutionError(retry.error().code(), retry.error().message()
                        + "; that was the last of " + delivery.maxReceiveCount() + " deliveries the queue allows"),
                        engine);
            }
            postpone(context, retry.error(), retry.delay(), engine);
            telemetry.emit(new LifecycleEvent.RetryScheduled(envelope.source(), recordId, retry.attempt(),
                    retry.step(), retry.error().code(), retry.delay()));
            return new RecordOutcome.RetryLater(retry.delay());
        } catch (StaleWriteException lostLease) {
            LOG.warn("{}", lostLease.getMessage());
            return new RecordOutcome.RetryLater(Duration.ZERO);
        } catch (FirstClaimRefusedException refused) {
            // Not a failure of the storage: the record was touched meanwhile, and the claim decides again.
            throw refused;
        } catch (RuntimeException infrastructure) {
            LOG.warn("execution {} attempt {} could not be recorded: {}", recordId, context.attempts(),
                    infrastructure.toString());
            if (delivery.isLastAllowedReceive()) {
                // The message goes to the dead-letter queue after this: the status must say so, not stay where it was.
                return fail(envelope, context, new ExecutionError("internal_error", "Hookline could not record"
                        + " attempt " + context.attempts() + ", the last of " + delivery.maxReceiveCount()
                        + " deliveries the queue allows; replay it once Hookline's storage is healthy"), engine);
            }
            postpone(context, new ExecutionError("internal_error", "Hookline could not record the attempt; it will retry"),
                    INFRASTRUCTURE_RETRY, engine);
            return new RecordOutcome.RetryLater(INFRASTRUCTURE_RETRY);
        }
    }

    private static void postpone(ExecutionContext context, ExecutionError error, Duration delay, ExecutionEngine engine) {
        engine.once("postpone", Boolean.class, () -> {
            context.postpone(error, delay);
            return true;
        });
    }

    /** Marks the execution failed and sends its message on towards the dead-letter queue at once. */
    private RecordOutcome fail(
            Envelope envelope, ExecutionContext context, ExecutionError error, ExecutionEngine engine) {
        if (end(envelope.token().recordId(), context, ExecutionStatus.FAILED, error, engine)) {
            finished(envelope, ExecutionStatus.FAILED, error.code());
        }
        return new RecordOutcome.RetryLater(Duration.ZERO);
    }

    private void finished(Envelope envelope, ExecutionStatus status, String code) {
        telemetry.emit(new LifecycleEvent.Finished(envelope.source(), envelope.token().recordId(), status, code,
                positive(Duration.between(envelope.receivedAt(), clock.instant()))));
    }

    /** Ends the execution; false when another processor has taken it over meanwhile. */
    private static boolean end(String recordId, ExecutionContext context, ExecutionStatus status,
            ExecutionError error, ExecutionEngine engine) {
        return engine.once("end", Boolean.class, () -> {
            try {
                context.end(status, error);
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
