package dev.hookline.events.store;

import static dev.hookline.events.store.ExecutionItems.ATTEMPTS;
import static dev.hookline.events.store.IndexKeys.ATTENTION;
import static dev.hookline.events.store.ExecutionItems.BODY_ID_PREFIX;
import static dev.hookline.events.store.ExecutionItems.CHECKPOINTS;
import static dev.hookline.events.store.ExecutionItems.ENQUEUING;
import static dev.hookline.events.store.ExecutionItems.ERROR;
import static dev.hookline.events.store.ExecutionItems.EXPIRES_AT;
import static dev.hookline.events.store.ExecutionItems.HISTORY;
import static dev.hookline.events.store.ExecutionItems.ID;
import static dev.hookline.events.store.ExecutionItems.LAST_UPDATED;
import static dev.hookline.events.store.ExecutionItems.LEASE_OWNER;
import static dev.hookline.events.store.ExecutionItems.LEASE_UNTIL;
import static dev.hookline.events.store.ExecutionItems.REQUEUED_AT;
import static dev.hookline.events.store.ExecutionItems.REQUEUES;
import static dev.hookline.events.store.ExecutionItems.RESULT;
import static dev.hookline.events.store.ExecutionItems.ROUND;
import static dev.hookline.events.store.ExecutionItems.STATUS;
import static dev.hookline.events.store.ExecutionItems.STATUS_RANK;
import static dev.hookline.events.store.ExecutionItems.STEP_START;
import static dev.hookline.events.store.ExecutionItems.n;
import static dev.hookline.events.store.ExecutionItems.s;
import static dev.hookline.events.store.ExecutionItems.time;

import dev.hookline.events.ExecutionError;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;
import dev.hookline.events.Lease;
import dev.hookline.events.StepStart;
import dev.hookline.events.StoredBody;
import dev.hookline.events.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Reads and writes execution records. Every write is conditional, so a duplicate, a late writer or
 * a processor that lost its lease can never overwrite newer state or move a status backwards.
 */
public final class ExecutionStore {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public ExecutionStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Writes a new record unless one exists for the same idempotency key. */
    public CreateOutcome create(ExecutionRecord record) {
        try {
            dynamoDb.putItem(put -> put
                    .tableName(tableName)
                    .item(ExecutionItems.toItem(record))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new CreateOutcome.Created(record);
        } catch (ConditionalCheckFailedException existing) {
            return new CreateOutcome.Existing(current(record.recordId(), existing).orElseThrow(() -> existing));
        }
    }

    /**
     * Records that a source has webhooks, once per source: the listing reads these markers to know
     * which sources' index partitions to read. A second call for the same source writes nothing new.
     */
    public void registerSource(String source) {
        try {
            dynamoDb.putItem(put -> put
                    .tableName(tableName)
                    .item(ExecutionItems.sourceMarker(source))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID)));
        } catch (ConditionalCheckFailedException alreadyRegistered) {
            // Another ingest call registered it first.
        }
    }

    /**
     * Takes the right to enqueue a recorded webhook that is still {@code STARTED} and that nobody is
     * enqueueing (the last sender gave up, or its time ran out). False when someone holds it or a
     * processor has claimed the execution.
     */
    public boolean claimEnqueue(String recordId, Instant until, Instant now) {
        return updateIf(recordId, "SET #enqueuing = :until",
                "#status = :started AND (attribute_not_exists(#enqueuing) OR #enqueuing < :now)",
                Map.of("#status", STATUS, "#enqueuing", ENQUEUING),
                Map.of(":started", s(ExecutionStatus.STARTED.name()), ":until", time(until), ":now", time(now)));
    }

    /** Gives up the right to enqueue after SQS refused the message, so the sender's retry can take it. */
    public void releaseEnqueue(String recordId) {
        updateIf(recordId, "REMOVE #enqueuing", "#status = :started",
                Map.of("#status", STATUS, "#enqueuing", ENQUEUING),
                Map.of(":started", s(ExecutionStatus.STARTED.name())));
    }

    /**
     * Keeps the body of a recorded webhook beside its record, expiring with it, so the webhook can be
     * enqueued again if its message is lost. A second write for the same record leaves the same body.
     */
    public void keepBody(ExecutionRecord record, StoredBody body) {
        dynamoDb.putItem(put -> put
                .tableName(tableName)
                .item(ExecutionItems.bodyItem(record.recordId(), body, record.expiresAt())));
    }

    /** The body kept for a record; empty for one recorded before bodies were kept, or already expired. */
    public Optional<StoredBody> findBody(String recordId) {
        GetItemResponse response = dynamoDb.getItem(get -> get
                .tableName(tableName)
                .key(key(BODY_ID_PREFIX + recordId)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(ExecutionItems.storedBody(response.item()))
                : Optional.empty();
    }

    /**
     * Counts one more requeue of a record that stopped making progress, if it is still exactly as
     * observed: of all the reconcilers and sender retries that saw it stuck, one wins and enqueues it.
     */
    public boolean markRequeued(ExecutionRecord observed, Instant now) {
        int requeues = observed.requeued() == null ? 0 : observed.requeued().count();
        return updateIf(observed.recordId(), "SET #requeues = :count, #requeuedAt = :now",
                "#status = :status AND #round = :round AND #updated = :updated"
                        + " AND (attribute_not_exists(#requeues) OR #requeues = :observed)",
                Map.of("#status", STATUS, "#round", ROUND, "#updated", LAST_UPDATED, "#requeues", REQUEUES,
                        "#requeuedAt", REQUEUED_AT),
                Map.of(":status", s(observed.status().name()), ":round", n(observed.round()),
                        ":updated", time(observed.lastUpdated()), ":observed", n(requeues),
                        ":count", n(requeues + 1), ":now", time(now)));
    }

    /** A strongly consistent read of one record. */
    public Optional<ExecutionRecord> find(String recordId) {
        GetItemResponse response = dynamoDb.getItem(get -> get
                .tableName(tableName)
                .key(key(recordId))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(ExecutionItems.fromItem(response.item()))
                : Optional.empty();
    }

    /**
     * The record a client's token names, or empty when there is none or its secret differs. A wrong
     * secret and a missing record cost the same work, so the answer's timing does not tell whether a
     * delivery id exists: the first read returns the token attribute alone, the secret is compared in
     * constant time (against a stand-in when there is no item), and only a match reads the whole item.
     *
     * <p>Why two reads on a match rather than one read of the whole item: the item's bytes, sent and
     * unmarshalled only when the record exists, were most of the difference. On dynalite a wrong secret
     * answered 57-87 µs later than a missing record (0.9 ms with a 100 KB payload), of which converting
     * the item was 1.5-3 µs; comparing first but reading the whole item left it as it was. With the
     * projection both answers are a few dozen bytes and what is left (22-27 µs; 75 µs) is the engine
     * reading the item before projecting it, which no reader can avoid. The price is paid by the holder
     * of the right token: one more strongly consistent read, a round trip and as many read units again
     * (DynamoDB bills a read by the item's size, not the projection's). A query filtering on the token
     * would need one read only, but would hand the comparison to DynamoDB, which promises no constant time.
     */
    public Optional<ExecutionRecord> findByToken(ExecutionToken token) {
        Map<String, AttributeValue> stored = dynamoDb.getItem(get -> get
                .tableName(tableName)
                .key(key(token.recordId()))
                .projectionExpression("#token")
                .expressionAttributeNames(Map.of("#token", ExecutionItems.TOKEN))
                .consistentRead(true)).item();
        if (!ExecutionItems.holdsToken(stored, token)) {
            return Optional.empty();
        }
        // Checked again: an expired record can be deleted and its key written anew, with a new token, in between.
        return find(token.recordId()).filter(record -> record.token().matches(token));
    }

    /**
     * Claims a record that no processor has touched yet ({@code STARTED}, no attempt) in a single
     * write, moving it to {@code VALIDATING}: the common case needs no read first. When the record is
     * in any other state, the refusal carries it as it is, so the caller can decide.
     */
    public FirstClaim claimUntouched(String recordId, Lease lease, Instant now) {
        return leaseIfUnchanged(recordId, ExecutionStatus.STARTED, 0, 1, lease, now);
    }

    /**
     * Takes the lease on a record as it was observed, counting one more attempt. Empty when the
     * record changed since it was observed (another processor got there first).
     */
    public Optional<ExecutionRecord> takeLease(ExecutionRecord observed, Lease lease, Instant now) {
        FirstClaim claim = leaseIfUnchanged(
                observed.recordId(), observed.status(), observed.attempts(), observed.round(), lease, now);
        return claim instanceof FirstClaim.Taken taken ? Optional.of(taken.record()) : Optional.empty();
    }

    /**
     * The one lease write: counts an attempt and takes the lease if the record still has this status,
     * attempt count and round; a record still {@code STARTED} moves to {@code VALIDATING} in the same
     * write.
     */
    private FirstClaim leaseIfUnchanged(
            String recordId, ExecutionStatus status, int attempts, int round, Lease lease, Instant now) {
        int attempt = attempts + 1;
        Map<String, String> names = new HashMap<>(Map.of(
                "#status", STATUS, "#attempts", ATTEMPTS, "#round", ROUND, "#owner", LEASE_OWNER,
                "#until", LEASE_UNTIL, "#updated", LAST_UPDATED));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":observedStatus", s(status.name()),
                ":observedAttempts", n(attempts),
                ":round", n(round),
                ":attempt", n(attempt),
                ":owner", s(lease.owner()),
                ":until", time(lease.until()),
                ":now", time(now)));
        StringBuilder set = new StringBuilder(
                "SET #attempts = :attempt, #owner = :owner, #until = :until, #updated = :now");
        if (status == ExecutionStatus.STARTED) {
            set.append(", #status = :validating, #rank = :validatingRank, #history = list_append(#history, :entry)");
            names.put("#rank", STATUS_RANK);
            names.put("#history", HISTORY);
            values.put(":validating", s(ExecutionStatus.VALIDATING.name()));
            values.put(":validatingRank", n(ExecutionStatus.VALIDATING.rank()));
            values.put(":entry", AttributeValue.fromL(List.of(ExecutionItems.transition(
                    new Transition(ExecutionStatus.VALIDATING, now, attempt, round)))));
        }
        try {
            UpdateItemResponse response = dynamoDb.updateItem(update -> update
                    .tableName(tableName)
                    .key(key(recordId))
                    .updateExpression(set.toString())
                    .conditionExpression(
                            "#status = :observedStatus AND #attempts = :observedAttempts AND #round = :round")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new FirstClaim.Taken(ExecutionItems.fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException changed) {
            return new FirstClaim.Refused(current(recordId, changed));
        }
    }

    /**
     * The record a conditional write was refused for: the one the refusal carries, or, from an
     * engine that does not return it (dynalite, for one), a fresh read; empty when there is none.
     */
    private Optional<ExecutionRecord> current(String recordId, ConditionalCheckFailedException refusal) {
        return refusal.hasItem() && !refusal.item().isEmpty()
                ? Optional.of(ExecutionItems.fromItem(refusal.item()))
                : find(recordId);
    }

    /**
     * Moves a leased record to a later status in one conditional write, together with the
     * checkpoints of the steps that got it there. A terminal status releases the lease.
     *
     * @throws StaleWriteException when the writer no longer holds the lease or the status would
     *     not move forward
     */
    public void advance(Advance advance) {
        AdvanceUpdate update = advanceUpdate(advance, advance.transitions());
        update.names().put("#round", ROUND);
        update.values().put(":owner", s(advance.owner()));
        update.values().put(":round", n(advance.round()));
        update.values().put(":fromRank", n(advance.reached().get(0).rank()));
        String forwardOnly = "#owner = :owner AND #round = :round AND #rank < :fromRank";
        if (!updateIf(advance.recordId(), update.expression(), forwardOnly, update.names(), update.values())) {
            throw new StaleWriteException(advance.recordId(), advance.to());
        }
    }

    /**
     * Claims a record that no processor has touched yet, as {@link #claimUntouched} does, and moves
     * it on as {@code advance} says in the same write: a first delivery whose first steps wrote
     * nothing of their own pays one write for its claim and their checkpoints. The lease goes to
     * {@code advance.owner()} until {@code leaseUntil}, unless the advance ends the execution. When the
     * record is in any other state, the refusal carries it as it is, so the caller can decide.
     */
    public FirstClaim advanceUntouched(Advance advance, Instant leaseUntil) {
        List<Transition> entries = new ArrayList<>();
        entries.add(new Transition(ExecutionStatus.VALIDATING, advance.at(), advance.attempt(), advance.round()));
        entries.addAll(advance.transitions());
        AdvanceUpdate update = advanceUpdate(advance, entries);
        StringBuilder set = new StringBuilder(", #attempts = :attempt");
        update.names().put("#attempts", ATTEMPTS);
        update.names().put("#round", ROUND);
        update.values().put(":attempt", n(advance.attempt()));
        update.values().put(":untouched", s(ExecutionStatus.STARTED.name()));
        update.values().put(":noAttempts", n(0));
        update.values().put(":round", n(advance.round()));
        if (!advance.to().isTerminal()) {
            set.append(", #owner = :owner, #until = :until");
            update.names().put("#until", LEASE_UNTIL);
            update.values().put(":owner", s(advance.owner()));
            update.values().put(":until", time(leaseUntil));
        }
        try {
            UpdateItemResponse response = dynamoDb.updateItem(request -> request
                    .tableName(tableName)
                    .key(key(advance.recordId()))
                    .updateExpression(update.set() + set + update.remove())
                    .conditionExpression("#status = :untouched AND #attempts = :noAttempts AND #round = :round")
                    .expressionAttributeNames(update.names())
                    .expressionAttributeValues(update.values())
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new FirstClaim.Taken(ExecutionItems.fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException changed) {
            return new FirstClaim.Refused(current(advance.recordId(), changed));
        }
    }

    /** What an advance writes, with its history entries; each caller adds its condition and what it needs. */
    private static AdvanceUpdate advanceUpdate(Advance advance, List<Transition> entries) {
        Map<String, String> names = new HashMap<>(Map.of(
                "#status", STATUS, "#rank", STATUS_RANK, "#owner", LEASE_OWNER,
                "#updated", LAST_UPDATED, "#history", HISTORY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":status", s(advance.to().name()),
                ":rank", n(advance.to().rank()),
                ":now", time(advance.at()),
                ":entry", AttributeValue.fromL(entries.stream().map(ExecutionItems::transition).toList())));
        StringBuilder set = new StringBuilder(
                "SET #status = :status, #rank = :rank, #updated = :now, #history = list_append(#history, :entry)");
        if (!advance.checkpoints().isEmpty()) {
            set.append(", #checkpoints = list_append(#checkpoints, :checkpoint)");
            names.put("#checkpoints", CHECKPOINTS);
            values.put(":checkpoint", AttributeValue.fromL(
                    advance.checkpoints().stream().map(ExecutionItems::checkpoint).toList()));
        }
        if (advance.result() != null) {
            set.append(", #result = :result");
            names.put("#result", RESULT);
            values.put(":result", s(advance.result()));
        }
        if (advance.error() != null) {
            set.append(", #error = :error");
            names.put("#error", ERROR);
            values.put(":error", ExecutionItems.error(advance.error()));
        }
        StringBuilder remove = new StringBuilder(" REMOVE #stepStart");
        names.put("#stepStart", STEP_START);
        String attention = ExecutionItems.attentionKind(advance.to());
        if (attention != null) {
            set.append(", #attention = :attention");
            values.put(":attention", s(ExecutionItems.attentionKey(attention, advance.recordId())));
            names.put("#attention", ATTENTION);
        } else if (advance.to() == ExecutionStatus.COMPLETED) {
            // Only a record on the reconciler's watch list has it: removing what is absent writes no index.
            remove.append(", #attention");
            names.put("#attention", ATTENTION);
        }
        if (advance.to().isTerminal()) {
            remove.append(", #owner, #until");
            names.put("#until", LEASE_UNTIL);
        }
        if (advance.error() == null && advance.to() == ExecutionStatus.COMPLETED) {
            remove.append(", #error");
            names.put("#error", ERROR);
        }
        return new AdvanceUpdate(set.toString(), remove.toString(), names, values);
    }

    /** An advance's update expression in its two clauses, and the names and values they use. */
    private record AdvanceUpdate(String set, String remove, Map<String, String> names,
            Map<String, AttributeValue> values) {

        String expression() {
            return set + remove;
        }
    }

    /**
     * Ends a failed attempt: records why it failed, so the status shows the last error, and hands the
     * lease to nobody until {@code retryAt}, so a duplicate delivery cannot run the next attempt
     * before its backoff is over; the delivery scheduled for then takes the lease over.
     */
    public void postponeAttempt(String recordId, String owner, ExecutionError lastError, Instant retryAt, Instant now) {
        // Refused only when another processor has taken the lease over: it is no longer ours to hand on.
        updateIf(recordId,
                "SET #error = :error, #updated = :now, #owner = :waiting, #until = :retryAt REMOVE #stepStart",
                "#owner = :owner",
                Map.of("#owner", LEASE_OWNER, "#until", LEASE_UNTIL, "#error", ERROR, "#updated", LAST_UPDATED,
                        "#stepStart", STEP_START),
                Map.of(":owner", s(owner), ":error", ExecutionItems.error(lastError), ":now", time(now),
                        ":waiting", s(Lease.AWAITING_RETRY), ":retryAt", time(retryAt)));
    }

    /**
     * Counts a failed attempt that the lease holder retries itself, as a durable function does after
     * waiting out the backoff: records why it failed and the attempt that follows, keeping the lease.
     *
     * @throws StaleWriteException when the writer no longer holds the lease for this round
     */
    public void recordRetry(String recordId, String owner, int round, ExecutionError lastError, int nextAttempt,
            Instant now) {
        if (!updateIf(recordId, "SET #error = :error, #attempts = :attempt, #updated = :now REMOVE #stepStart",
                "#owner = :owner AND #round = :round",
                Map.of("#error", ERROR, "#attempts", ATTEMPTS, "#updated", LAST_UPDATED, "#stepStart", STEP_START,
                        "#owner", LEASE_OWNER, "#round", ROUND),
                Map.of(":error", ExecutionItems.error(lastError), ":attempt", n(nextAttempt), ":now", time(now),
                        ":owner", s(owner), ":round", n(round)))) {
            throw new StaleWriteException(recordId, null);
        }
    }

    /**
     * Records that an at-most-once step's attempt is about to run, before it runs.
     *
     * @throws StaleWriteException when the writer no longer holds the lease for this round
     */
    public void markStepStarted(String recordId, String owner, StepStart start) {
        if (!updateIf(recordId, "SET #stepStart = :start", "#owner = :owner AND #round = :round",
                Map.of("#stepStart", STEP_START, "#owner", LEASE_OWNER, "#round", ROUND),
                Map.of(":start", ExecutionItems.stepStart(start), ":owner", s(owner), ":round", n(start.round())))) {
            throw new StaleWriteException(recordId, null);
        }
    }

    /**
     * Starts a new round of a failed execution that was sent back to the main queue, taking the
     * lease in the same write, and puts it on the reconciler's watch list: its message was taken
     * off the dead-letter queue, and nothing else would notice if it went missing again. The status moves back to where the checkpoints let it resume, which
     * the round change permits; within the new round it again only moves forward. Empty when the
     * record is no longer the failed round that was observed.
     */
    public Optional<ExecutionRecord> startRound(
            ExecutionRecord failed, ExecutionStatus resumeAt, Lease lease, Instant now) {
        int round = failed.round() + 1;
        Map<String, String> names = new HashMap<>(Map.of(
                "#status", STATUS, "#rank", STATUS_RANK, "#round", ROUND, "#attempts", ATTEMPTS,
                "#owner", LEASE_OWNER, "#until", LEASE_UNTIL, "#updated", LAST_UPDATED, "#history", HISTORY,
                "#attention", ATTENTION, "#error", ERROR));
        names.put("#stepStart", STEP_START);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":failed", s(ExecutionStatus.FAILED.name()),
                ":observedRound", n(failed.round()),
                ":round", n(round),
                ":one", n(1),
                ":status", s(resumeAt.name()),
                ":rank", n(resumeAt.rank()),
                ":owner", s(lease.owner()),
                ":until", time(lease.until()),
                ":now", time(now),
                ":watched", s(ExecutionItems.attentionKey(IndexKeys.WATCHED, failed.recordId()))));
        values.put(":entry", AttributeValue.fromL(List.of(ExecutionItems.transition(
                new Transition(resumeAt, now, 1, round, Transition.REPLAY)))));
        try {
            UpdateItemResponse response = dynamoDb.updateItem(update -> update
                    .tableName(tableName)
                    .key(key(failed.recordId()))
                    .updateExpression("SET #round = :round, #attempts = :one, #status = :status, #rank = :rank, "
                            + "#owner = :owner, #until = :until, #updated = :now, #attention = :watched, "
                            + "#history = list_append(#history, :entry) REMOVE #error, #stepStart")
                    .conditionExpression("#status = :failed AND #round = :observedRound")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(ExecutionItems.fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException changed) {
            return Optional.empty();
        }
    }

    /**
     * Puts an unfinished execution on the reconciler's watch list, unless it is on it already or
     * finished meanwhile (false then). It leaves the list in the write that finishes it:
     * {@link #advance} removes the mark on completion and replaces it on failure or rejection.
     */
    public boolean watch(String recordId) {
        return updateIf(recordId, "SET #attention = :watched",
                "attribute_exists(#id) AND attribute_not_exists(#attention) AND #rank < :final",
                Map.of("#attention", ATTENTION, "#id", ID, "#rank", STATUS_RANK),
                Map.of(":watched", s(ExecutionItems.attentionKey(IndexKeys.WATCHED, recordId)),
                        ":final", n(ExecutionStatus.COMPLETED.rank())));
    }

    /**
     * The listing position up to which the reconciler has looked at every execution once, or empty
     * before its first run.
     */
    public Optional<String> reconciledUntil() {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get
                .tableName(tableName)
                .key(key(ExecutionItems.RECONCILED_ID))
                .consistentRead(true)).item();
        return item == null || !item.containsKey(ExecutionItems.RECONCILED_UNTIL)
                ? Optional.empty()
                : Optional.of(item.get(ExecutionItems.RECONCILED_UNTIL).s());
    }

    /** Moves the reconciler's position forward; a position behind the stored one is left as it is. */
    public void saveReconciledUntil(String position) {
        updateIf(ExecutionItems.RECONCILED_ID, "SET #until = :position",
                "attribute_not_exists(#until) OR #until < :position",
                Map.of("#until", ExecutionItems.RECONCILED_UNTIL),
                Map.of(":position", s(position)));
    }

    /** How many records the table holds: a full scan, for start-up reports and benchmarks, not for request paths. */
    public long count() {
        return countMatching(scan -> scan
                .filterExpression("attribute_exists(#status)")
                .expressionAttributeNames(Map.of("#status", STATUS)));
    }

    /** How many records have this status: a full scan, like {@link #count()}. */
    public long countWithStatus(ExecutionStatus status) {
        return countMatching(scan -> scan
                .filterExpression("#status = :status")
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(Map.of(":status", s(status.name()))));
    }

    private long countMatching(Consumer<ScanRequest.Builder> filter) {
        return dynamoDb.scanPaginator(scan -> filter.accept(scan.tableName(tableName).select(Select.COUNT)))
                .stream()
                .mapToLong(ScanResponse::count)
                .sum();
    }

    /**
     * Deletes every record whose {@code expiresAt} has passed, as DynamoDB's TTL would, for engines
     * that have no TTL of their own. Each delete is conditional on the record still being expired.
     *
     * @return how many records it deleted
     */
    public int deleteExpired(Instant now) {
        Map<String, AttributeValue> values = Map.of(":now", n(now.getEpochSecond()));
        Map<String, String> names = Map.of("#expires", EXPIRES_AT);
        int deleted = 0;
        for (Map<String, AttributeValue> expired : dynamoDb.scanPaginator(scan -> scan.tableName(tableName)
                .filterExpression("#expires < :now")
                .projectionExpression("#id")
                .expressionAttributeNames(Map.of("#expires", EXPIRES_AT, "#id", ID))
                .expressionAttributeValues(values)).items()) {
            try {
                dynamoDb.deleteItem(delete -> delete.tableName(tableName).key(expired)
                        .conditionExpression("#expires < :now")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values));
                deleted++;
            } catch (ConditionalCheckFailedException renewed) {
                // Rewritten with a later expiry since the scan read it.
            }
        }
        return deleted;
    }

    /** One conditional update; false when DynamoDB refused it because the condition did not hold. */
    private boolean updateIf(String recordId, String update, String condition, Map<String, String> names,
            Map<String, AttributeValue> values) {
        try {
            dynamoDb.updateItem(request -> request
                    .tableName(tableName)
                    .key(key(recordId))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String recordId) {
        return Map.of(ID, s(recordId));
    }
}
