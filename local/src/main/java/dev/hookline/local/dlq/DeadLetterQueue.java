package dev.hookline.local.dlq;

import dev.hookline.events.Envelope;
import dev.hookline.events.ExecutionRecord;
import dev.hookline.events.queue.WebhookQueue;
import dev.hookline.events.store.ExecutionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The operator's view of the dead-letter queue: what is in it, and putting messages back on the
 * webhook queue, where the processor treats each one as a replay and starts a new round.
 *
 * <p>Reading never consumes: a message is received with a visibility timeout and made visible again
 * before the call returns. A replay sends a message to the webhook queue <em>before</em> it deletes it
 * from the dead-letter queue, so an interrupted replay can duplicate a message (which the processor
 * dedupes by the execution record) but never lose one.
 *
 * <p>A message that is not a Hookline envelope is never sent back: on the webhook queue it would only
 * fail every delivery and return here. That is why a replay of everything goes message by message too
 * rather than through SQS's message move task, which moves whatever the queue holds: checking first
 * that the queue holds envelopes only would not make a task safe, since the redrive policy can add a
 * message at any moment and a check does not see the messages in flight. A very deep queue that holds
 * only envelopes can move faster with a task (the SQS console's redrive, or
 * {@code aws sqs start-message-move-task}), which the processor takes as a replay as well.
 */
public final class DeadLetterQueue {

    /** How long a message read for a listing or a replay stays hidden at most. */
    public static final Duration HOLD = Duration.ofSeconds(120);

    private static final int SQS_BATCH = 10;
    private static final int RECEIVE_WAIT_SECONDS = 1;

    private final SqsClient sqs;
    private final String deadLetterQueueUrl;
    private final String webhookQueueUrl;
    private final ExecutionStore store;

    /** @param webhookQueueUrl where a replay sends messages */
    public DeadLetterQueue(SqsClient sqs, String deadLetterQueueUrl, String webhookQueueUrl, ExecutionStore store) {
        this.sqs = sqs;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.webhookQueueUrl = webhookQueueUrl;
        this.store = store;
    }

    public String url() {
        return deadLetterQueueUrl;
    }

    public QueueDepth depth() {
        return QueueDepth.of(sqs, deadLetterQueueUrl);
    }

    /**
     * The queue's depth and up to {@code limit} of its messages, newest failure first, each made visible
     * again before this returns. Messages in flight (being read by someone else) are not among them.
     */
    public DeadLetterListing list(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1");
        }
        QueueDepth depth = depth();
        Map<String, DeadLetter> seen = new LinkedHashMap<>();
        List<String> held = new ArrayList<>();
        try {
            while (seen.size() < limit) {
                List<Message> batch = receive(Math.min(SQS_BATCH, limit - seen.size()));
                if (batch.isEmpty()) {
                    break;
                }
                for (Message message : batch) {
                    held.add(message.receiptHandle());
                    seen.putIfAbsent(message.messageId(), describe(message));
                }
            }
        } finally {
            makeVisible(held);
        }
        List<DeadLetter> messages = new ArrayList<>(seen.values());
        messages.sort(Comparator.comparing(DeadLetter::failedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return new DeadLetterListing(depth, messages);
    }

    /**
     * Sends the selected messages back to the webhook queue, deleting each from the dead-letter queue
     * only once the webhook queue has it; the others, and every message that is not a Hookline
     * envelope, are made visible again before this returns.
     */
    public ReplayReport replay(DeadLetterSelection selection) {
        Set<String> examined = new HashSet<>();
        List<String> kept = new ArrayList<>();
        List<DeadLetter> replayed = new ArrayList<>();
        List<DeadLetter> notSent = new ArrayList<>();
        List<DeadLetter> notDeleted = new ArrayList<>();
        List<DeadLetter> notEnvelopes = new ArrayList<>();
        try {
            while (true) {
                List<Message> batch = receive(SQS_BATCH);
                if (batch.isEmpty()) {
                    break;
                }
                Map<Message, DeadLetter> selected = new LinkedHashMap<>();
                for (Message message : batch) {
                    boolean first = examined.add(message.messageId());
                    DeadLetter letter = describe(message);
                    if (first && !letter.isReadable()) {
                        notEnvelopes.add(letter);
                    }
                    if (first && selection.matches(letter)) {
                        selected.put(message, letter);
                    } else {
                        kept.add(message.receiptHandle());
                    }
                }
                sendBackThenDelete(selected, replayed, notSent, notDeleted, kept);
            }
        } finally {
            makeVisible(kept);
        }
        Set<String> notFound = new HashSet<>(selection.tokens());
        replayed.forEach(letter -> notFound.remove(letter.executionToken()));
        notDeleted.forEach(letter -> notFound.remove(letter.executionToken()));
        notSent.forEach(letter -> notFound.remove(letter.executionToken()));
        return new ReplayReport(replayed, examined.size(), notFound, notSent, notDeleted, notEnvelopes);
    }

    private void sendBackThenDelete(Map<Message, DeadLetter> selected, List<DeadLetter> replayed,
            List<DeadLetter> notSent, List<DeadLetter> notDeleted, List<String> kept) {
        if (selected.isEmpty()) {
            return;
        }
        List<Message> messages = new ArrayList<>(selected.keySet());
        List<SendMessageBatchRequestEntry> sends = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            sends.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(messages.get(i).body())
                    .build());
        }
        SendMessageBatchResponse sent = sqs.sendMessageBatch(send -> send.queueUrl(webhookQueueUrl).entries(sends));
        Set<String> failedSends = ids(sent.failed());
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (failedSends.contains(Integer.toString(i))) {
                notSent.add(selected.get(message));
                kept.add(message.receiptHandle());
            } else {
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        if (deletes.isEmpty()) {
            return;
        }
        Set<String> failedDeletes = new HashSet<>();
        try {
            DeleteMessageBatchResponse deleted =
                    sqs.deleteMessageBatch(delete -> delete.queueUrl(deadLetterQueueUrl).entries(deletes));
            failedDeletes.addAll(ids(deleted.failed()));
        } catch (RuntimeException deleteFailed) {
            // They are on the webhook queue already: a copy left here is a duplicate, never a loss.
            deletes.forEach(entry -> failedDeletes.add(entry.id()));
        }
        for (DeleteMessageBatchRequestEntry entry : deletes) {
            DeadLetter letter = selected.get(messages.get(Integer.parseInt(entry.id())));
            replayed.add(letter);
            if (failedDeletes.contains(entry.id())) {
                notDeleted.add(letter);
            }
        }
    }

    private List<Message> receive(int max) {
        return sqs.receiveMessage(receive -> receive
                .queueUrl(deadLetterQueueUrl)
                .maxNumberOfMessages(max)
                .visibilityTimeout((int) HOLD.toSeconds())
                .waitTimeSeconds(RECEIVE_WAIT_SECONDS)).messages();
    }

    private DeadLetter describe(Message message) {
        Envelope envelope;
        String recordId;
        try {
            envelope = WebhookQueue.parse(message.body());
            recordId = envelope.token().recordId();
        } catch (RuntimeException notAnEnvelope) {
            return DeadLetter.unreadable(message.messageId());
        }
        Optional<ExecutionRecord> record = store.find(recordId);
        return DeadLetter.of(message.messageId(), envelope, record);
    }

    /** Makes held messages visible again at once; best effort, as they come back by themselves after {@link #HOLD}. */
    private void makeVisible(List<String> receipts) {
        for (int from = 0; from < receipts.size(); from += SQS_BATCH) {
            List<String> chunk = receipts.subList(from, Math.min(receipts.size(), from + SQS_BATCH));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(chunk.get(i)).visibilityTimeout(0).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(change -> change.queueUrl(deadLetterQueueUrl).entries(entries));
            } catch (RuntimeException notNow) {
                // They reappear when their visibility timeout ends.
            }
        }
    }

    private static Set<String> ids(List<BatchResultErrorEntry> failed) {
        Set<String> ids = new HashSet<>();
        failed.forEach(entry -> ids.add(entry.id()));
        return ids;
    }
}
