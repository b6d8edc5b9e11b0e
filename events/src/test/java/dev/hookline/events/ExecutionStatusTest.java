package dev.hookline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionStatusTest {

    @Test
    void progressRanksStrictlyIncreaseFromStartedToCompleted() {
        List<ExecutionStatus> progression = List.of(ExecutionStatus.STARTED, ExecutionStatus.VALIDATING,
                ExecutionStatus.PROCESSING, ExecutionStatus.FINALIZING, ExecutionStatus.COMPLETED);

        for (int i = 1; i < progression.size(); i++) {
            assertThat(progression.get(i).rank())
                    .as("%s after %s", progression.get(i), progression.get(i - 1))
                    .isGreaterThan(progression.get(i - 1).rank());
        }
    }

    @Test
    void rejectedAndFailedOutrankEveryInFlightStatus() {
        for (ExecutionStatus end : List.of(ExecutionStatus.REJECTED, ExecutionStatus.FAILED)) {
            assertThat(end.rank()).isGreaterThan(ExecutionStatus.FINALIZING.rank())
                    .isEqualTo(ExecutionStatus.COMPLETED.rank());
        }
    }

    @Test
    void onlyCompletedRejectedAndFailedAreTerminal() {
        assertThat(Arrays.stream(ExecutionStatus.values()).filter(ExecutionStatus::isTerminal))
                .containsExactlyInAnyOrder(ExecutionStatus.COMPLETED, ExecutionStatus.REJECTED, ExecutionStatus.FAILED);
        assertThat(Arrays.stream(ExecutionStatus.values()).filter(s -> !s.isTerminal()))
                .containsExactlyInAnyOrder(ExecutionStatus.STARTED, ExecutionStatus.VALIDATING,
                        ExecutionStatus.PROCESSING, ExecutionStatus.FINALIZING);
    }
}
