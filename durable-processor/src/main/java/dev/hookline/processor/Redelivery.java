package dev.hookline.processor;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Schedules a message's next delivery by changing its visibility, so a retry's backoff is kept by
 * the queue and no compute waits for it. The event source mapping leaves a reported failure
 * invisible for the rest of its visibility timeout; this replaces that with the delay wanted.
 */
public final class Redelivery {

    private static final Logger LOG = LoggerFactory.getLogger(Redelivery.class);
    /** SQS refuses a visibility timeout above twelve hours. */
    static final Duration LONGEST = Duration.ofHours(12);

    private final SqsClient sqs;
    private final String queueUrl;

    public Redelivery(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /**
     * Makes the message visible again after {@code delay}, rounded up to whole seconds. When SQS
     * refuses, the message still comes back after its visibility timeout, so this only logs.
     */
    public void after(String receiptHandle, Duration delay) {
        Duration bounded = delay.compareTo(LONGEST) > 0 ? LONGEST : delay;
        int seconds = (int) Math.max(0, bounded.plusMillis(999).toSeconds());
        try {
            sqs.changeMessageVisibility(change -> change
                    .queueUrl(queueUrl)
                    .receiptHandle(receiptHandle)
                    .visibilityTimeout(seconds));
        } catch (SdkException refused) {
            LOG.warn("could not schedule a redelivery in {} s: {}", seconds, refused.getMessage());
        }
    }
}
