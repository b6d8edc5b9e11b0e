package dev.hookline.events.store.listing;

import java.util.List;
import java.util.Optional;

/**
 * One page of executions, newest first, and the cursor of the next page when there may be one.
 * Pass {@code nextCursor} with the same filters to continue where this page stopped.
 */
public record ListingPage(List<ExecutionSummary> executions, Optional<String> nextCursor) {

    public ListingPage {
        executions = List.copyOf(executions);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
