package dev.hookline.processor.reconcile;

/**
 * What one reconciler run found.
 *
 * @param stuck executions that had made no progress for the threshold
 * @param requeued of those, the ones this run enqueued again (the rest another run or a sender's
 *     retry enqueued first, or their body was not kept)
 * @param bodiesMissing stuck executions without a kept body (the call that recorded them ended before
 *     sending them), which cannot be enqueued again
 */
public record ReconcileReport(int stuck, int requeued, int bodiesMissing) {

    static final class Builder {
        private int stuck;
        private int requeued;
        private int bodiesMissing;

        void countStuck() {
            stuck++;
        }

        void countRequeued() {
            requeued++;
        }

        void countBodyMissing() {
            bodiesMissing++;
        }

        int requeuedSoFar() {
            return requeued;
        }

        ReconcileReport build() {
            return new ReconcileReport(stuck, requeued, bodiesMissing);
        }
    }
}
