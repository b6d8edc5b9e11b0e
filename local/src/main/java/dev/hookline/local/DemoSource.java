package dev.hookline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The source local mode ships when no sources file is given: {@code demo}, verified like GitHub
 * ({@code X-Hub-Signature-256: sha256=<hex>}) with a secret that is public on purpose.
 */
public final class DemoSource {

    public static final String NAME = "demo";
    public static final String SECRET = "local-demo-secret";

    private DemoSource() {
    }

    /** Writes the demo sources document to a temporary file and returns its path. */
    public static Path writeSourcesFile() {
        try {
            Path file = Files.createTempFile("hookline-demo-sources", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, """
                    sources:
                      %s: { scheme: github, secrets: ["%s"] }
                    """.formatted(NAME, SECRET));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo sources file", e);
        }
    }
}
