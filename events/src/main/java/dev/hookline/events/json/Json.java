package dev.hookline.events.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one JSON codec every module uses, so envelopes, records and responses agree on format.
 *
 * <p>It reads strictly, as RFC 8259 asks of JSON exchanged between systems: UTF-8 without a
 * byte-order mark, exactly one value, no duplicate member names. A lenient reader would let what
 * ingest validates and what a forward target reads differ (the last duplicate wins in one parser,
 * the first in another), or accept a body the processor then cannot read.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    /** Leaves what follows the value to {@link #parse}, which says where it starts in words. */
    private static final ObjectReader TREE_READER = MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads one JSON value from bytes as a sender sent them.
     *
     * @throws MalformedJsonException if the bytes are not UTF-8, start with a byte-order mark, are
     *     empty, are not JSON, hold a duplicate member name or hold anything after the first value
     */
    public static JsonNode tree(byte[] json) {
        if (json.length >= 2 && ((json[0] & 0xFF) == 0xFE && (json[1] & 0xFF) == 0xFF
                || (json[0] & 0xFF) == 0xFF && (json[1] & 0xFF) == 0xFE)) {
            throw notUtf8("it starts with a UTF-16 byte-order mark");
        }
        try {
            return tree(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString());
        } catch (CharacterCodingException notUtf8) {
            throw notUtf8("it is not valid UTF-8");
        }
    }

    /** Reads one JSON value, with the same rules as {@link #tree(byte[])}. */
    public static JsonNode tree(String json) {
        if (!json.isEmpty() && json.charAt(0) == '\uFEFF') {
            throw byteOrderMark();
        }
        // Valid UTF-8 JSON holds no NUL (control characters in strings are escaped); UTF-16 and UTF-32
        // text holds one beside every ASCII character.
        if (json.indexOf('\u0000') >= 0) {
            throw notUtf8("it holds a NUL byte, as UTF-16 or UTF-32 text does");
        }
        return parse(json);
    }

    private static JsonNode parse(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new MalformedJsonException("the body is empty; send one JSON value", null);
            }
            JsonNode node = TREE_READER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("something follows the first JSON value at line "
                        + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr()
                        + "; send exactly one JSON value", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MalformedJsonException byteOrderMark() {
        return new MalformedJsonException(
                "the body starts with a byte-order mark; send UTF-8 JSON without one", null);
    }

    private static MalformedJsonException notUtf8(String why) {
        return new MalformedJsonException("the body must be UTF-8 JSON, and " + why, null);
    }

    /** The input is not valid JSON; the message says where, without echoing the input. */
    public static final class MalformedJsonException extends RuntimeException {
        public MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }

        /**
         * Where the input stopped being JSON, as {@code line L, column C}; unlike the message, which
         * may quote the offending token, it never shows the input. Empty when the parser did not say.
         */
        public Optional<String> position() {
            if (getCause() instanceof JsonProcessingException parsing && parsing.getLocation() != null) {
                JsonLocation at = parsing.getLocation();
                if (at.getLineNr() > 0 && at.getColumnNr() > 0) {
                    return Optional.of("line " + at.getLineNr() + ", column " + at.getColumnNr());
                }
            }
            return Optional.empty();
        }

        /**
         * The message, unless it is the parser's, which may quote the input: then only that the
         * input is not JSON and where it stopped. For what is shown to others than the sender.
         */
        public String withoutInput() {
            if (getCause() instanceof JsonProcessingException) {
                return "the body is not valid JSON" + position().map(at -> " (reading stopped at " + at + ")").orElse("");
            }
            return getMessage();
        }
    }
}
