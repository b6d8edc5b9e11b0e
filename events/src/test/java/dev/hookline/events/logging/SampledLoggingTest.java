package dev.hookline.events.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** What a sampled invocation, which Powertools turns to DEBUG throughout, may and may not write. */
class SampledLoggingTest {

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @AfterEach
    void backToTheConfiguredLevels() {
        Configurator.reconfigure();
    }

    @Test
    void httpWireLogsStaySilentEvenWhenEveryLoggerIsAtDebug() {
        // What Powertools' Log4j manager does for a sampled invocation.
        Configurator.setAllLevels(LogManager.getRootLogger().getName(), Level.DEBUG);

        LoggerFactory.getLogger("org.apache.http.wire").debug("<< \"{\\\"executionToken\\\":\\\"secret\\\"}\"");
        LoggerFactory.getLogger("org.apache.hc.client5.http.wire").debug("<< \"body\"");
        LoggerFactory.getLogger("dev.hookline.sampled").debug("a line Hookline writes at DEBUG");

        assertThat(logs.lines()).extracting(CapturedLogs.Line::logger).containsExactly("dev.hookline.sampled");
    }
}
