package dev.hookline.dynalite;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code npm ci} installed dynalite (the folder holding {@code package-lock.json} and
 * {@code node_modules/}) and which Node.js runs it.
 *
 * @param directory the folder whose {@code node_modules} holds dynalite; the child runs there
 * @param node the Node.js executable
 */
public record DynaliteInstallation(Path directory, String node) {

    /** A system property naming the folder, for launchers that know it ({@code ./hookline} sets it). */
    public static final String DIRECTORY_PROPERTY = "hookline.npm.dir";
    /** An environment variable naming the Node.js executable; {@code node} from the PATH otherwise. */
    public static final String NODE_VARIABLE = "HOOKLINE_NODE";

    private static final Path MARKER = Path.of("node_modules", "dynalite", "package.json");

    /**
     * Finds the installation: the folder the system property names, else the nearest folder above
     * the working directory or above this class's jar that holds {@code node_modules/dynalite}.
     *
     * @throws DynaliteException when none does, saying how to install it
     */
    public static DynaliteInstallation locate() {
        String node = Optional.ofNullable(System.getenv(NODE_VARIABLE)).filter(value -> !value.isBlank()).orElse("node");
        List<Path> starts = new ArrayList<>();
        Optional.ofNullable(System.getProperty(DIRECTORY_PROPERTY)).map(Path::of).ifPresent(starts::add);
        starts.add(Path.of(System.getProperty("user.dir")));
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path folder = start.toAbsolutePath().normalize(); folder != null; folder = folder.getParent()) {
                if (Files.isRegularFile(folder.resolve(MARKER))) {
                    return new DynaliteInstallation(folder, node);
                }
            }
        }
        throw new DynaliteException("dynalite is not installed: run `npm ci` in the Hookline checkout "
                + "(it needs Node.js 20 or newer); looked above " + starts);
    }

    private static Optional<Path> codeLocation() {
        CodeSource code = DynaliteInstallation.class.getProtectionDomain().getCodeSource();
        if (code == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(code.getLocation().toURI()));
        } catch (URISyntaxException notAFile) {
            return Optional.empty();
        }
    }
}
