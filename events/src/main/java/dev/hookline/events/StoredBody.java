package dev.hookline.events;

/**
 * A webhook's body as ingest received it, kept beside its execution record for as long as the
 * record lives, so an execution whose message was lost (a purged queue, an expired message) can be
 * enqueued again.
 *
 * @param contentType the media type the sender gave, or {@code null}
 * @param body the body, which ingest accepts only as UTF-8
 */
public record StoredBody(String contentType, String body) {
}
