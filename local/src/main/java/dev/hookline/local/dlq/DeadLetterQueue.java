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
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The operator's view of the dead-letter queue: what is in it, and putting messages back on the
 * webhook queue, where the processor treats each one as a replay and starts a new round.
 *
 * <p>Reading never consumes: a message is received with a visibility timeout and made visible again
 * before the call returns. A selective replay sends a message to the webhook queue <em>before</em> it
 * deletes it from the dead-letter queue, so an interrupted replay can duplicate a message (which the
 * processor dedupes by the execution record) but never lose one.
 */
public final class DeadLetterQueue {

    /** How long a message read for a listing or a selective replay stays hidden at most. */
    public static final Duration HOLD = Duration.ofSeconds(120);
    /** How often a replay of everything asks SQS how its move task is doing. */
    public static final Duration MOVE_POLL = Duration.ofMillis(500);

    private static final int SQS_BATCH = 10;
    private static final int RECEIVE_WAIT_SECONDS = 1;
    private static final Set<String> FINISHED_TASK = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final SqsClient sqs;
    private final String deadLetterQueueUrl;
    private final String webhookQueueUrl;
    private final ExecutionStore store;

    /**
     * @param webhookQueueUrl where a selective replay sends messages; a replay of everything lets SQS send
     *     each message back to the queue it came from
     */
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
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get
                .queueUrl(deadLetterQueueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new QueueDepth(count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
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
     * Moves every message back with SQS's own message move task (no destination: each message returns
     * to the queue it came from) and waits up to {@code timeout} for the task to finish.
     */
    public MoveReport replayAll(Duration timeout) throws InterruptedException {
        QueueDepth before = depth();
        String arn = sqs.getQueueAttributes(get -> get.queueUrl(deadLetterQueueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        // Tasks already listed are not ours: on AWS a finished task no longer shows its handle.
        Set<Long> earlier = new HashSet<>();
        tasks(arn).forEach(task -> earlier.add(task.startedTimestamp()));
        String handle;
        try {
            handle = sqs.startMessageMoveTask(start -> start.sourceArn(arn)).taskHandle();
        } catch (SqsException refused) {
            throw new DeadLetterQueueException("SQS did not start the message move task: "
                    + refused.awsErrorDetails().errorMessage(), refused);
        }
        long giveUpAt = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ListMessageMoveTasksResultEntry> task = ours(tasks(arn), handle, earlier);
            boolean finished = task.map(entry -> FINISHED_TASK.contains(entry.status())).orElse(false);
            if (finished || System.nanoTime() > giveUpAt) {
                long moved = task.map(ListMessageMoveTasksResultEntry::approximateNumberOfMessagesMoved).orElse(0L);
                return new MoveReport(before, moved, task.map(ListMessageMoveTasksResultEntry::status).orElse("RUNNING"),
                        task.map(ListMessageMoveTasksResultEntry::failureReason), depth());
            }
            Thread.sleep(MOVE_POLL.toMillis());
        }
    }

    /**
     * Sends the selected messages back to the webhook queue, deleting each from the dead-letter queue
     * only once the webhook queue has it; the others are made visible again before this returns.
     */
    public ReplayReport replay(DeadLetterSelection selection) {
        Set<String> examined = new HashSet<>();
        List<String> kept = new ArrayList<>();
        List<DeadLetter> replayed = new ArrayList<>();
        List<DeadLetter> notSent = new ArrayList<>();
        List<DeadLetter> notDeleted = new ArrayList<>();
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
        return new ReplayReport(replayed, examined.size(), notFound, notSent, notDeleted);
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

    private List<ListMessageMoveTasksResultEntry> tasks(String arn) {
        return sqs.listMessageMoveTasks(list -> list.sourceArn(arn).maxResults(10)).results();
    }

    /** The task started with {@code handle}: listed with it while running, or as the one task not listed before. */
    static Optional<ListMessageMoveTasksResultEntry> ours(List<ListMessageMoveTasksResultEntry> tasks, String handle,
            Set<Long> startedEarlier) {
        return tasks.stream()
                .filter(entry -> handle != null && handle.equals(entry.taskHandle()))
                .findFirst()
                .or(() -> tasks.stream()
                        .filter(entry -> entry.taskHandle() == null)
                        .filter(entry -> !startedEarlier.contains(entry.startedTimestamp()))
                        .findFirst());
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

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }
}
