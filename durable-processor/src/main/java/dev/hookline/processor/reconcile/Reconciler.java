package dev.hookline.processor.reconcile;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.StoredBody;
import dev.hookline.events.config.FunctionEnvironment;
import dev.hookline.events.config.HooklineSettings;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionStore;
import dev.hookline.events.store.listing.ExecutionListing;
import dev.hookline.events.store.listing.ExecutionSummary;
import dev.hookline.events.telemetry.CorrelationFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds executions that stopped making progress and puts them back on the queue: accepted webhooks
 * whose message is gone (a purged queue, a message that expired, a send that failed and was never
 * retried) would otherwise stay {@code STARTED} or mid-step for good.
 *
 * <p>It looks at each execution once, oldest first, as it passes the threshold, continuing from the
 * position it saved on its last run; that costs reads only, and none of the happy path's writes. An
 * execution still unfinished then goes on a watch list (the sparse {@code ByAttention} index), which
 * every run checks; an execution leaves it in the write that finishes it, and
 * {@link ExecutionRecord#isStuck stuck} ones are enqueued again. Enqueueing again is safe under duplicates: a requeue is counted by a conditional
 * write, so of several reconcilers and sender retries one enqueues, and the processor's claim keeps a
 * second copy of the message from running the execution twice.
 */
public final class Reconciler implements AutoCloseable {

    /** Requeues per run at most, so one run fits the function's timeout; the next run goes on. */
    public static final int MAX_REQUEUES_PER_RUN = 1_000;
    /**
     * Executions examined per run at most, for the same reason; the next run continues after them. A
     * minute of 5,000 webhooks/s: on dynalite here a run examined 4,000 finished executions in 0.73 s,
     * so this many take about 55 s of the function's 120.
     */
    static final int MAX_EXAMINED_PER_RUN = 300_000;
    /** Watched executions checked per run at most. */
    static final int MAX_WATCHED_PER_RUN = 10_000;
    private static final int PAGE = 4_000;

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

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

    /** One run: the executions that passed the threshold since the last run, then the watch list. */
    public ReconcileReport reconcile() {
        Instant now = clock.instant();
        ReconcileReport.Builder report = new ReconcileReport.Builder();
        Set<String> examined = examineNewlyOverdue(now, report);
        checkWatched(now, examined, report);
        ReconcileReport done = report.build();
        if (done.requeued() > 0 || done.bodiesMissing() > 0) {
            LOG.info("reconciled: {} executions had made no progress for {} s, {} enqueued again, {} without a "
                    + "kept body", done.stuck(), threshold.toSeconds(), done.requeued(), done.bodiesMissing());
        }
        return done;
    }

    /** @return the unfinished executions it looked at, which the watch list now holds too */
    private Set<String> examineNewlyOverdue(Instant now, ReconcileReport.Builder report) {
        Optional<String> saved = store.reconciledUntil();
        Optional<String> position = saved;
        Set<String> unfinished = new HashSet<>();
        int examined = 0;
        while (examined < MAX_EXAMINED_PER_RUN) {
            ExecutionListing.Scan scan = listing.receivedBefore(position, now.minus(threshold),
                    Math.min(PAGE, MAX_EXAMINED_PER_RUN - examined));
            for (ExecutionSummary summary : scan.executions()) {
                if (!summary.status().isTerminal()) {
                    String recordId = recordId(summary);
                    unfinished.add(recordId);
                    requeueIfStuck(recordId, now, report);
                    store.watch(recordId);
                }
            }
            examined += scan.executions().size();
            position = Optional.ofNullable(scan.lastExamined()).or(() -> saved);
            if (!scan.more() || scan.lastExamined() == null) {
                break;
            }
        }
        if (!position.equals(saved)) {
            store.saveReconciledUntil(position.get());
        }
        return unfinished;
    }

    private void checkWatched(Instant now, Set<String> examinedThisRun, ReconcileReport.Builder report) {
        for (ExecutionSummary summary : listing.watched(MAX_WATCHED_PER_RUN).executions()) {
            // Finished ones left the list in the write that finished them; the index may lag behind.
            if (!summary.status().isTerminal() && !examinedThisRun.contains(recordId(summary))) {
                requeueIfStuck(recordId(summary), now, report);
            }
        }
    }

    private void requeueIfStuck(String recordId, Instant now, ReconcileReport.Builder report) {
        Optional<ExecutionRecord> found = store.find(recordId);
        if (found.isEmpty() || !found.get().isStuck(now, threshold)) {
            return;
        }
        ExecutionRecord record = found.get();
        try (CorrelationFields fields = CorrelationFields.of(record.source(), recordId).status(record.status())) {
            report.countStuck();
            if (report.requeuedSoFar() >= MAX_REQUEUES_PER_RUN) {
                return;
            }
            Optional<StoredBody> body = store.findBody(recordId);
            if (body.isEmpty()) {
                report.countBodyMissing();
                LOG.warn("execution {} of source {} has made no progress since {} ({}), but its body was not kept, "
                        + "so it cannot be enqueued again: the call that recorded it ended before sending it, and its "
                        + "provider, which got no 202, retries it", recordId, record.source(), record.lastUpdated(),
                        record.status());
                return;
            }
            if (!store.markRequeued(record, now)) {
                return;
            }
            queue.send(Envelope.of(record, body.get()));
            report.countRequeued();
            LOG.info("enqueued execution {} of source {} again: {} with no progress since {}", recordId,
                    record.source(), record.status(), record.lastUpdated());
        }
    }

    private static String recordId(ExecutionSummary summary) {
        return ExecutionToken.parse(summary.executionToken()).orElseThrow().recordId();
    }

    @Override
    public void close() {
        listing.close();
        queue.close();
    }
}
