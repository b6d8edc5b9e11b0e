package dev.hookline.processor.durable;

import dev.hookline.events.ExecutionError;
import dev.hookline.processor.durable.config.StepConfig;
import dev.hookline.processor.durable.exception.ExecutionRejectedException;
import dev.hookline.processor.durable.exception.NonRetryableStepException;
import dev.hookline.processor.durable.exception.StepException;
import dev.hookline.processor.durable.exception.StepFailedException;
import dev.hookline.processor.durable.exception.StepRetryScheduled;
import dev.hookline.processor.durable.retry.RetryDecision;
import java.util.function.Function;

/**
 * One attempt of a step, the same on both engines: the action runs, and a failure is settled by the
 * step's retry strategy, so both engines retry, give up and reject on exactly the same failures.
 */
public final class StepAttempt {

    private StepAttempt() {
    }

    /**
     * @return the action's result
     * @throws ExecutionRejectedException as the action threw it: the webhook itself is refused
     * @throws StepFailedException when the failure is permanent or the strategy gives up
     * @throws StepRetryScheduled when the strategy wants another attempt after a delay
     */
    public static <T> T run(String name, int attempt, Function<StepContext, T> action, StepConfig config) {
        try {
            return action.apply(new StepContext(name, attempt));
        } catch (ExecutionRejectedException rejected) {
            throw rejected;
        } catch (NonRetryableStepException permanent) {
            throw new StepFailedException(name, attempt, permanent.code(), permanent.getMessage());
        } catch (RuntimeException failure) {
            String code = failure instanceof StepException known ? known.code() : "step_failed";
            RetryDecision decision = config.retryStrategy().decide(failure, attempt);
            if (decision instanceof RetryDecision.Retry retry) {
                throw new StepRetryScheduled(name, attempt, retry.delay(),
                        new ExecutionError(code, name + " attempt " + attempt + " failed: " + reason(failure)));
            }
            throw new StepFailedException(name, attempt, code, reason(failure));
        }
    }

    /** What the status API shows of a failure: a sentence, never a stack trace. */
    private static String reason(RuntimeException failure) {
        if (failure instanceof StepException) {
            return failure.getMessage();
        }
        String type = failure.getClass().getSimpleName();
        return failure.getMessage() == null ? type : type + ": " + failure.getMessage();
    }
}
