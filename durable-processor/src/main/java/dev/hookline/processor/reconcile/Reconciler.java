package dev.hookline.processor.reconcile;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.StoredBody;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.listing.ExecutionListing;
import dev.hookline.events.store.listing.ExecutionSummary;
import dev.hookline.events.store.listing.ListingPage;
import dev.hookline.events.store.listing.ListingQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds executions that stopped making progress and puts them back on the queue: accepted webhooks
 * whose message is gone (a purged queue, a message that expired, a send that failed and was never
 * retried) would otherwise stay {@code STARTED} or mid-step for good.
 *
 * <p>It reads the listing index for every status that is not final, received more than the
 * threshold ago, and checks each record with {@link ExecutionRecord#isStuck}. Enqueueing again is
 * safe under duplicates: a requeue is counted by a conditional write, so of several reconcilers and
 * sender retries one enqueues, and the processor's claim keeps a second copy of the message from
 * running the execution twice.
 */
public final class Reconciler implements AutoCloseable {

    /** Requeues per run at most, so one run fits the function's timeout; the next run goes on. */
    public static final int MAX_REQUEUES_PER_RUN = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final List<ExecutionStatus> IN_PROGRESS =
            Arrays.stream(ExecutionStatus.values()).filter(status -> !status.isTerminal()).toList();

    private final ExecutionListing listing;
    private final ExecutionStore store;
    private final WebhookQueue queue;
    private final Duration threshold;
    private final Clock clock;

    /** @param threshold how long an execution may make no progress before it is enqueued again */
    public Reconciler(ExecutionListing listing, ExecutionStore store, WebhookQueue queue, Duration threshold,
            Clock clock) {
        this.listing = listing;
        this.store = store;
        this.queue = queue;
        this.threshold = threshold;
        this.clock = clock;
    }

    public static Reconciler create(FunctionEnvironment environment) {
        HooklineSettings settings = environment.settings();
        return new Reconciler(
                new ExecutionListing(environment.clients().dynamoDb(), settings.executionsTable()),
                new ExecutionStore(environment.clients().dynamoDb(), settings.executionsTable()),
                new WebhookQueue(environment.clients().sqs(), settings.webhookQueueUrl()),
                settings.reconcileAfter(),
                Clock.systemUTC());
    }

    /** One pass over every execution that is not final and was received before the threshold. */
    public ReconcileReport reconcile() {
        Instant now = clock.instant();
        ReconcileReport.Builder report = new ReconcileReport.Builder();
        for (ExecutionStatus status : IN_PROGRESS) {
            ListingQuery query = new ListingQuery(Optional.of(status), Optional.empty(), Optional.empty(),
                    Optional.of(now.minus(threshold)), ListingQuery.MAX_LIMIT, Optional.empty());
            while (report.requeuedSoFar() < MAX_REQUEUES_PER_RUN) {
                ListingPage page = listing.list(query);
                for (ExecutionSummary summary : page.executions()) {
                    if (report.requeuedSoFar() < MAX_REQUEUES_PER_RUN && summary.lastUpdated().plus(threshold).isBefore(now)) {
                        reconcile(summary, now, report);
                    }
                }
                if (page.nextCursor().isEmpty()) {
                    break;
                }
                query = query.withCursor(page.nextCursor().get());
            }
        }
        ReconcileReport done = report.build();
        if (done.requeued() > 0 || done.bodiesMissing() > 0) {
            LOG.info("reconciled: {} executions had made no progress for {} s, {} enqueued again, {} without a "
                    + "kept body", done.stuck(), threshold.toSeconds(), done.requeued(), done.bodiesMissing());
        }
        return done;
    }

    private void reconcile(ExecutionSummary summary, Instant now, ReconcileReport.Builder report) {
        String recordId = ExecutionToken.parse(summary.executionToken()).orElseThrow().recordId();
        Optional<ExecutionRecord> found = store.find(recordId);
        if (found.isEmpty() || !found.get().isStuck(now, threshold)) {
            return;
        }
        ExecutionRecord record = found.get();
        report.countStuck();
        Optional<StoredBody> body = store.findBody(recordId);
        if (body.isEmpty()) {
            report.countBodyMissing();
            LOG.warn("execution {} of source {} has made no progress since {} ({}), but its body was not kept "
                    + "(recorded before bodies were), so it cannot be enqueued again", recordId, record.source(),
                    record.lastUpdated(), record.status());
            return;
        }
        if (!store.markRequeued(record, now)) {
            return;
        }
        queue.send(Envelope.of(record, body.get()));
        if (record.status() == ExecutionStatus.STARTED && !record.enqueued()) {
            store.markEnqueued(recordId);
        }
        report.countRequeued();
        LOG.info("enqueued execution {} of source {} again: {} with no progress since {}", recordId, record.source(),
                record.status(), record.lastUpdated());
    }

    @Override
    public void close() {
        listing.close();
        queue.close();
    }
}
