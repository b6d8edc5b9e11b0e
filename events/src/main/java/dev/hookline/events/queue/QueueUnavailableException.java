package dev.hookline.events.queue;

/** SQS did not take a message; the webhook must be retried by its sender. */
public final class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message) {
        super(message);
    }
}
