package dev.hookline.events.store.listing;

/**
 * A listing request that cannot be answered as asked: a parameter out of range or malformed, or a
 * cursor that this API did not issue for these filters. The message names the parameter and says
 * what to send instead.
 */
public final class InvalidListingQueryException extends RuntimeException {

    private final String parameter;

    public InvalidListingQueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The query parameter at fault, such as {@code limit} or {@code cursor}. */
    public String parameter() {
        return parameter;
    }
}
