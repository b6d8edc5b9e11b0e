package dev.hookline.events.store.capacity;

/**
 * What a {@link CapacityMeter} has counted: the writes and the write units they consumed on the table
 * and its indexes, the reads and their read units, and how the table's units compare with what the
 * engine itself reported through {@code ReturnConsumedCapacity}.
 *
 * @param refusedWrites conditional writes DynamoDB refused; they are billed too, by the existing item's size
 * @param reportedWrites writes for which the engine reported consumed capacity (refused ones never are)
 * @param reportedTableWriteUnits the table write units the engine reported for those writes
 * @param writesReportedDifferently reported writes whose table units differ from the ones counted by the rules
 * @param unmeteredCalls batch and transactional writes, passed on without being counted
 */
public record MeteredCapacity(long writes, long refusedWrites, long tableWriteUnits, long indexWriteUnits,
        long reads, double readUnits, long reportedWrites, long reportedTableWriteUnits,
        long writesReportedDifferently, long unmeteredCalls) {

    public static final MeteredCapacity NONE = new MeteredCapacity(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public long writeUnits() {
        return tableWriteUnits + indexWriteUnits;
    }

    /** What was counted since {@code earlier}, a snapshot of the same meter. */
    public MeteredCapacity since(MeteredCapacity earlier) {
        return new MeteredCapacity(writes - earlier.writes, refusedWrites - earlier.refusedWrites,
                tableWriteUnits - earlier.tableWriteUnits, indexWriteUnits - earlier.indexWriteUnits,
                reads - earlier.reads, readUnits - earlier.readUnits, reportedWrites - earlier.reportedWrites,
                reportedTableWriteUnits - earlier.reportedTableWriteUnits,
                writesReportedDifferently - earlier.writesReportedDifferently, unmeteredCalls - earlier.unmeteredCalls);
    }
}
