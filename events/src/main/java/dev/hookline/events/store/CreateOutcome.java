package dev.hookline.events.store;

import dev.hookline.events.ExecutionRecord;

/** What happened when ingest tried to record a webhook. */
public sealed interface CreateOutcome {

    ExecutionRecord record();

    /** The record is new. */
    record Created(ExecutionRecord record) implements CreateOutcome {
    }

    /** A record for the same idempotency key already existed; this is it. */
    record Existing(ExecutionRecord record) implements CreateOutcome {
    }
}
