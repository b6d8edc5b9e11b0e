package dev.hookline.events.store.listing;

import dev.hookline.events.ExecutionStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What to list: optionally only one status, one source and a receive-time window ({@code from}
 * inclusive, {@code to} exclusive), at most {@code limit} executions, continuing after
 * {@code cursor}, the {@code nextCursor} of a previous page issued for the same filters.
 * {@link ExecutionListing#list} checks the values and refuses bad ones.
 */
public record ListingQuery(
        Optional<ExecutionStatus> status,
        Optional<String> source,
        Optional<Instant> from,
        Optional<Instant> to,
        int limit,
        Optional<String> cursor) {

    /** Executions per page when the request does not say. */
    public static final int DEFAULT_LIMIT = 50;
    /** The most executions one page may hold. */
    public static final int MAX_LIMIT = 200;

    static final String STATUS = "status";
    static final String SOURCE = "source";
    static final String FROM = "from";
    static final String TO = "to";
    static final String LIMIT = "limit";
    static final String CURSOR = "cursor";
    private static final List<String> PARAMETERS = List.of(STATUS, SOURCE, FROM, TO, LIMIT, CURSOR);

    public ListingQuery {
        status = status == null ? Optional.empty() : status;
        source = source == null ? Optional.empty() : source;
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
        cursor = cursor == null ? Optional.empty() : cursor;
    }

    /** The newest executions of every status and source, {@link #DEFAULT_LIMIT} of them. */
    public static ListingQuery newest() {
        return new ListingQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_LIMIT, Optional.empty());
    }

    /** The same filters and limit, continuing after the given cursor. */
    public ListingQuery withCursor(String nextCursor) {
        return new ListingQuery(status, source, from, to, limit, Optional.ofNullable(nextCursor));
    }

    /**
     * Reads {@code status, source, from, to, limit, cursor} from query string parameters, as
     * {@code GET /executions} receives them.
     *
     * @throws InvalidListingQueryException naming the parameter that is unknown or malformed
     */
    public static ListingQuery fromParameters(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new InvalidListingQueryException(name, "unknown parameter '" + printable(name)
                        + "'; GET /executions takes " + String.join(", ", PARAMETERS));
            }
        }
        return new ListingQuery(
                present(parameters, STATUS).map(ListingQuery::status),
                present(parameters, SOURCE),
                present(parameters, FROM).map(value -> instant(FROM, value)),
                present(parameters, TO).map(value -> instant(TO, value)),
                present(parameters, LIMIT).map(ListingQuery::limit).orElse(DEFAULT_LIMIT),
                present(parameters, CURSOR));
    }

    private static Optional<String> present(Map<String, String> parameters, String name) {
        return Optional.ofNullable(parameters.get(name)).filter(value -> !value.isEmpty());
    }

    private static ExecutionStatus status(String value) {
        try {
            return ExecutionStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new InvalidListingQueryException(STATUS, "status must be one of "
                    + Arrays.stream(ExecutionStatus.values()).map(Enum::name).collect(Collectors.joining(", "))
                    + "; got '" + printable(value) + "'");
        }
    }

    private static Instant instant(String parameter, String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException malformed) {
            throw new InvalidListingQueryException(parameter, parameter
                    + " must be an ISO-8601 instant such as 2026-05-01T00:00:00Z; got '" + printable(value) + "'");
        }
    }

    private static int limit(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException notANumber) {
            throw new InvalidListingQueryException(LIMIT, "limit must be a whole number from 1 to " + MAX_LIMIT
                    + "; got '" + printable(value) + "'");
        }
    }

    static String printable(String value) {
        String clipped = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return clipped.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
