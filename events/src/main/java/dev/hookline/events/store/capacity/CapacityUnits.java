package dev.hookline.events.store.capacity;

/**
 * DynamoDB's request units for one item of a given size: a write takes one unit per KB begun, a
 * strongly consistent read one per 4 KB begun and an eventually consistent read half that; even an
 * empty or absent item takes the minimum of one (half a read unit when eventually consistent).
 */
public final class CapacityUnits {

    static final int WRITE_UNIT_BYTES = 1024;
    static final int READ_UNIT_BYTES = 4096;

    private CapacityUnits() {
    }

    public static long write(long itemBytes) {
        return Math.max(1, ceilDiv(itemBytes, WRITE_UNIT_BYTES));
    }

    public static double read(long itemBytes, boolean consistent) {
        long units = Math.max(1, ceilDiv(itemBytes, READ_UNIT_BYTES));
        return consistent ? units : units / 2.0;
    }

    private static long ceilDiv(long bytes, int unit) {
        return (bytes + unit - 1) / unit;
    }
}
