package dev.hookline.ingest;

import dev.hookline.events.ExecutionStatus;
import dev.hookline.events.ExecutionToken;

/** How ingest answered one webhook. */
public sealed interface IngestResult {

    /** Recorded and queued (or already known, when {@code duplicate}). */
    record Accepted(ExecutionToken token, ExecutionStatus status, String statusUrl, boolean duplicate)
            implements IngestResult {
    }

    /** Not accepted; nothing was recorded or queued unless the status is 503. */
    record Refused(int httpStatus, String code, String message, Integer retryAfterSeconds) implements IngestResult {

        public static Refused of(int httpStatus, String code, String message) {
            return new Refused(httpStatus, code, message, null);
        }
    }
}
