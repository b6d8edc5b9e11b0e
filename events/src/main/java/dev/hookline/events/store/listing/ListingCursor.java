package dev.hookline.events.store.listing;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hookline.events.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The opaque {@code cursor} of a listing page: base64url of the last sort key the previous page
 * showed and the filters that page was listed with, so the next page starts right after it and a
 * cursor used with other filters is refused rather than silently listing something else.
 */
final class ListingCursor {

    private static final int VERSION = 1;
    private static final Pattern SORT_KEY = Pattern.compile("\\d{13}#[A-Za-z0-9_-]{1,64}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_LENGTH = 1024;

    private ListingCursor() {
    }

    /** What a cursor holds; filters are {@code null} when the page was not filtered by them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record State(int v, String after, String status, String source, Instant from, Instant to) {
    }

    static String issue(String afterSortKey, ListingQuery query) {
        State state = new State(VERSION, afterSortKey, query.status().map(Enum::name).orElse(null),
                query.source().orElse(null), query.from().orElse(null), query.to().orElse(null));
        return ENCODER.encodeToString(Json.write(state).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sort key to continue after.
     *
     * @throws InvalidListingQueryException when the cursor was not issued by this API, or was issued
     *     for other filters than the query's
     */
    static String continueAfter(String cursor, ListingQuery query) {
        State state = decode(cursor);
        List<String> differences = new ArrayList<>();
        compare(differences, ListingQuery.STATUS, state.status(), query.status().map(Enum::name).orElse(null));
        compare(differences, ListingQuery.SOURCE, state.source(), query.source().orElse(null));
        compare(differences, ListingQuery.FROM, state.from(), query.from().orElse(null));
        compare(differences, ListingQuery.TO, state.to(), query.to().orElse(null));
        if (!differences.isEmpty()) {
            throw new InvalidListingQueryException(ListingQuery.CURSOR, "cursor was issued for other filters ("
                    + String.join("; ", differences) + "); send it with the filters of the page it came from,"
                    + " or leave cursor out to list from the newest with the new filters");
        }
        return state.after();
    }

    private static State decode(String cursor) {
        State state = null;
        if (cursor.length() <= MAX_LENGTH) {
            try {
                state = Json.read(new String(DECODER.decode(cursor), StandardCharsets.UTF_8), State.class);
            } catch (IllegalArgumentException | Json.MalformedJsonException notOurs) {
                state = null;
            }
        }
        if (state == null || state.v() != VERSION || state.after() == null
                || !SORT_KEY.matcher(state.after()).matches()) {
            throw new InvalidListingQueryException(ListingQuery.CURSOR, "cursor is not one this API issued;"
                    + " pass the nextCursor of the previous page unchanged, or leave cursor out to list from the newest");
        }
        return state;
    }

    private static String shown(Object value) {
        return value == null ? "not set" : "'" + ListingQuery.printable(value.toString()) + "'";
    }

    private static void compare(List<String> differences, String name, Object issuedFor, Object requested) {
        if (!Objects.equals(issuedFor, requested)) {
            differences.add(name + " was " + shown(issuedFor) + ", now " + shown(requested));
        }
    }
}
