package dev.hookline.local.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * How {@code hookline serve} writes its log: JSON lines, the same as on Lambda, for a file or a log
 * collector, or text lines for a person at a terminal. log4j2.xml chooses its layout by the system
 * property {@value #PROPERTY}.
 */
public enum LogFormat {
    json,
    text;

    public static final String PROPERTY = "hookline.log.format";

    /** {@code chosen}, or when none was, text on a terminal and JSON lines anywhere else. */
    public static LogFormat of(LogFormat chosen, boolean terminal) {
        if (chosen != null) {
            return chosen;
        }
        return terminal ? text : json;
    }

    /**
     * Makes this the log's format. Log4j reads the property when it starts; if it has started already
     * (something logged before serve ran, as in a test that runs serve in its JVM) it reads its
     * configuration again.
     */
    public void apply() {
        System.setProperty(PROPERTY, name());
        if (LogManager.getFactory().hasContext(LogFormat.class.getName(), LogFormat.class.getClassLoader(), false)) {
            Configurator.reconfigure();
        }
    }
}
