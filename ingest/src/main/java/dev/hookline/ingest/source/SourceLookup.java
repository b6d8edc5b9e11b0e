package dev.hookline.ingest.source;

import java.util.Optional;

/** Where ingest and the processor look a source up by name: a fixed document, or one kept fresh. */
public interface SourceLookup {

    Optional<SourceConfig> find(String name);
}
