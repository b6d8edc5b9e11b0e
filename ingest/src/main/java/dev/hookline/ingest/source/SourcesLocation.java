package dev.hookline.ingest.source;

import dev.hookline.events.config.FunctionEnvironment;
import java.nio.file.Path;

/** Finds the sources configuration a function was deployed with. */
public final class SourcesLocation {

    /** Path of a YAML or JSON sources file; the local runtime sets it from {@code --sources}. */
    public static final String SOURCES_FILE = "HOOKLINE_SOURCES_FILE";

    private SourcesLocation() {
    }

    public static Sources load(FunctionEnvironment environment) {
        String file = environment.variable(SOURCES_FILE);
        if (file == null || file.isBlank()) {
            throw new SourceConfigurationException(SOURCES_FILE + " is not set: point it at a sources file");
        }
        return Sources.fromFile(Path.of(file));
    }
}
