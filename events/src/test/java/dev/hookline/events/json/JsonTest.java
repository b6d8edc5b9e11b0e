package dev.hookline.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void oneDocumentIsRead() {
        assertThat(Json.tree(utf8(" {\"type\":\"order\",\"note\":\"caf\u00e9\"}\n")).path("note").asText())
                .isEqualTo("caf\u00e9");
    }

    @Test
    void trailingGarbageIsRefusedWithWhereItStarts() {
        assertThatThrownBy(() -> Json.tree(utf8("{\"a\":1} x")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessageContaining("line 1, column");
    }

    @Test
    void twoConcatenatedDocumentsAreRefused() {
        assertThatThrownBy(() -> Json.tree(utf8("{\"a\":1}{\"a\":2}")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessageContaining("something follows the first JSON value");
    }

    @Test
    void aDuplicateMemberNameIsRefusedNamingIt() {
        assertThatThrownBy(() -> Json.tree(utf8("{\"amount\":1,\"nested\":{\"amount\":3},\"amount\":2}")))
                .isInstanceOf(Json.MalformedJsonException.class)
                .hasMessageContaining("'amount'");
    }

    @Test
    void aUtf8ByteOrderMarkIsRefused() {
        byte[] body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{\"a\":1}"));

        assertThatThrownBy(() -> Json.tree(body)).hasMessageContaining("byte-order mark");
        assertThatThrownBy(() -> Json.tree("\uFEFF{\"a\":1}")).hasMessageContaining("byte-order mark");
    }

    @Test
    void utf16WithOrWithoutAByteOrderMarkIsRefused() {
        assertThatThrownBy(() -> Json.tree("{\"a\":1}".getBytes(StandardCharsets.UTF_16)))
                .hasMessageContaining("UTF-16 byte-order mark");
        assertThatThrownBy(() -> Json.tree("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)))
                .hasMessageContaining("NUL byte");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] latin1 = "{\"note\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> Json.tree(latin1)).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertThatThrownBy(() -> Json.tree(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> Json.tree("  \n")).hasMessageContaining("empty");
    }

    @Test
    void aMalformedInputsPositionNamesLineAndColumnWithoutQuotingIt() {
        Json.MalformedJsonException malformed = catchThrowableOfType(
                () -> Json.tree("{\"a\": 1,\n \"b\": hunter2}"), Json.MalformedJsonException.class);

        assertThat(malformed.getMessage()).as("the message may quote the input").contains("hunter2");
        assertThat(malformed.position()).hasValueSatisfying(at -> assertThat(at).matches("line 2, column \\d+"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
