package dev.hookline.local.dlq;

/** The dead-letter queue could not be read or replayed; the message says why, for an operator. */
public final class DeadLetterQueueException extends RuntimeException {

    public DeadLetterQueueException(String message) {
        super(message);
    }

    public DeadLetterQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
