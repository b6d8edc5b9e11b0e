package dev.hookline.events.store;

/**
 * The executions table's two global secondary indexes, as {@code template.yaml} declares them: their
 * names, key attributes and how their partition keys are made. The store writes these keys and the
 * listing reads by them; both take them from here.
 */
public final class IndexKeys {

    /** Every execution, by source and shard, newest first by {@link #LIST_SORT}. */
    public static final String BY_SOURCE = "BySource";
    /** Sparse: only executions that failed, were rejected, or that the reconciler watches. */
    public static final String BY_ATTENTION = "ByAttention";
    /**
     * Partition key of {@code BySource}: the source and a shard ({@code github#7}), written once at
     * ingest and never changed, so no later write of the record touches the index.
     */
    public static final String SOURCE_KEY = "bySource";
    /** Sort key of both indexes: the receive time, then the id, so it orders and pages without ties. */
    public static final String LIST_SORT = "listSort";
    /**
     * Partition key of {@code ByAttention}, present only on records an operator or the reconciler must
     * find without reading every record: {@code FAILED#3}, {@code REJECTED#3}, {@code WATCHED#3}. The
     * happy path never writes it.
     */
    public static final String ATTENTION = "attention";
    /** The watch list's kind of attention: executions the reconciler saw unfinished, checked every run. */
    public static final String WATCHED = "WATCHED";
    /**
     * Shards per source, and per kind of attention. One index partition takes at most 1,000 write units
     * a second and every webhook writes one unit to {@code BySource}: 16 shards hold one source at
     * 10,000 webhooks/s with 625 units/s per partition, room for bursts of 1.6x.
     */
    public static final int SHARDS = 16;
    /** The {@code BySource} partition of the source markers, which tell the listing which sources exist. */
    public static final String SOURCES_PARTITION = "#sources";

    private IndexKeys() {
    }

    /** The {@code BySource} partition of one source's shard. */
    public static String sourcePartition(String source, int shard) {
        return source + "#" + shard;
    }

    /** The {@code ByAttention} partition of one kind's shard. */
    public static String attentionPartition(String kind, int shard) {
        return kind + "#" + shard;
    }

    /** The shard a record's index entries go to. */
    static int shard(String recordId) {
        return Math.floorMod(recordId.hashCode(), SHARDS);
    }
}
