package dev.hookline.local;

/** How often a function's handler ran and for how long altogether, as Lambda bills them. */
public record Invocations(long count, long nanos) {

    public static final Invocations NONE = new Invocations(0, 0);

    public Invocations since(Invocations earlier) {
        return new Invocations(count - earlier.count, nanos - earlier.nanos);
    }

    public double millisEach() {
        return count == 0 ? 0 : nanos / 1e6 / count;
    }
}
