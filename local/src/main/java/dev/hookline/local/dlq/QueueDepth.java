package dev.hookline.local.dlq;

/**
 * How many messages a queue holds, as SQS approximates it: waiting to be received, and received but
 * not yet deleted or made visible again (in flight).
 */
public record QueueDepth(long visible, long inFlight) {

    public long total() {
        return visible + inFlight;
    }
}
