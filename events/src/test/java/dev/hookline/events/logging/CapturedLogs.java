package dev.hookline.events.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures what Hookline logs during each test, through the same Log4j 2 configuration the
 * functions use: {@code @RegisterExtension final CapturedLogs logs = new CapturedLogs();}.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

    /** The name of the console appender in {@code log4j2.xml}. */
    private static final String CONSOLE = "stderr";

    /**
     * One logged line: its level, logger and formatted message, with the exception's class if any, and
     * the line exactly as the functions' console appender writes it (a JSON object on Lambda).
     */
    public record Line(String level, String logger, String message, String thrown, String written) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Appender appender = new Appender();
    private volatile Layout<?> written;

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        appender.start();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        written = logging.getConfiguration().getAppender(CONSOLE).getLayout();
        logging.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        logging.updateLoggers();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().removeAppender(appender.getName());
        logging.updateLoggers();
        appender.stop();
    }

    /** Every line logged since the test began, in order. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Everything logged, one line each, to search for what must never appear. */
    public String text() {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private final class Appender extends AbstractAppender {
        Appender() {
            super("captured-" + System.identityHashCode(CapturedLogs.this), null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            lines.add(new Line(event.getLevel().name(), event.getLoggerName(),
                    event.getMessage().getFormattedMessage(),
                    event.getThrown() == null ? null : event.getThrown().getClass().getName(),
                    written.toSerializable(event).toString().strip()));
        }
    }
}
