package dev.hookline.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample events under {@code events/samples/}, read as the handlers receive them, for any module's tests. */
public final class SampleEvents {

    /**
     * Lambda's own serializer matches the event classes' properties ignoring case ({@code Records},
     * {@code eventSourceARN}); unknown properties fail here, where Lambda would drop them silently.
     */
    private static final ObjectMapper LAMBDA_EVENTS = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SampleEvents() {
    }

    /** Reads a sample, such as {@code sqs-batch.json}, into the type its handler receives. */
    public static <T> T read(String sample, Class<T> type) {
        try {
            return LAMBDA_EVENTS.readValue(Files.readString(samples().resolve(sample)), type);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** Surefire runs each module's tests in the module's directory: {@code samples/} here, a sibling elsewhere. */
    private static Path samples() {
        Path own = Path.of("samples");
        return Files.isDirectory(own) ? own : Path.of("..", "events", "samples");
    }
}
