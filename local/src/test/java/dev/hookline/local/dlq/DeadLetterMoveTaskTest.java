package dev.hookline.local.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;

/** How a replay of everything recognises its own move task among those SQS lists for the queue. */
class DeadLetterMoveTaskTest {

    private static final ListMessageMoveTasksResultEntry EARLIER_FINISHED = task(null, "COMPLETED", 1_000L, 7);

    @Test
    void aRunningTaskIsRecognisedByItsHandle() {
        ListMessageMoveTasksResultEntry running = task("ours", "RUNNING", 2_000L, 1);

        assertThat(DeadLetterQueue.ours(List.of(running, EARLIER_FINISHED), "ours", Set.of(1_000L)))
                .contains(running);
    }

    @Test
    void aFinishedTaskWithoutItsHandleIsTheOneThatWasNotListedBefore() {
        ListMessageMoveTasksResultEntry finished = task(null, "COMPLETED", 2_000L, 3);

        assertThat(DeadLetterQueue.ours(List.of(finished, EARLIER_FINISHED), "ours", Set.of(1_000L)))
                .contains(finished);
    }

    @Test
    void aTaskThatFinishedBeforeOursStartedIsNeverTakenForOurs() {
        assertThat(DeadLetterQueue.ours(List.of(EARLIER_FINISHED), "ours", Set.of(1_000L))).isEmpty();
    }

    private static ListMessageMoveTasksResultEntry task(String handle, String status, Long started, long moved) {
        return ListMessageMoveTasksResultEntry.builder().taskHandle(handle).status(status).startedTimestamp(started)
                .approximateNumberOfMessagesMoved(moved).build();
    }
}
