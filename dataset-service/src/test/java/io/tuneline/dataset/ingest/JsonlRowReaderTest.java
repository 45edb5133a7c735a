package io.tuneline.dataset.ingest;

import io.tuneline.dataset.validation.RejectionCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonlRowReaderTest {

    private static final int MAX_ROW_BYTES = 1024;

    @Test
    void readsObjectsLineByLineAndSkipsBlankLines() {
        JsonlRowReader reader = reader("""
                {"fname":"train_1","dialogue":"#Person1#: Hi.\\n#Person2#: Hello.","summary":"They greet.","topic":"greeting"}

                {"fname":"train_2","dialogue":"A","summary":"B","n":7,"flag":true,"none":null}
                """);

        assertThat(reader.columns()).containsExactly("fname", "dialogue", "summary", "topic");
        List<RawRow> rows = readAll(reader);
        assertThat(rows).extracting(RawRow::line).containsExactly(1L, 3L);
        assertThat(rows.get(0).fields()).containsEntry("dialogue", "#Person1#: Hi.\n#Person2#: Hello.");
        assertThat(rows.get(1).fields()).containsEntry("n", "7").doesNotContainKeys("flag", "none");
        assertThat(rows.get(1).valueTypes()).containsEntry("n", "number").containsEntry("flag", "boolean")
                .doesNotContainKey("none");
    }

    @Test
    void aBrokenLineAfterTheFirstIsARejectedRowAndReadingGoesOn() {
        List<RawRow> rows = readAll(reader("""
                {"input":"a","output":"b"}
                {"input":"c","output":
                [1,2]
                {"input":"e","output":"f"} trailing
                {"input":"g","output":"h"}
                """));

        assertThat(rows).extracting(RawRow::line).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(rows.get(1).problem().code()).isEqualTo(RejectionCode.MALFORMED_ROW);
        assertThat(rows.get(1).problem().message()).startsWith("not JSON at column");
        assertThat(rows.get(1).payload()).isEqualTo("{\"input\":\"c\",\"output\":");
        assertThat(rows.get(2).problem().message()).isEqualTo("not a JSON object");
        assertThat(rows.get(3).problem().code()).isEqualTo(RejectionCode.MALFORMED_ROW);
        assertThat(rows.get(4).fields()).containsEntry("output", "h");
    }

    @Test
    void invalidUtf8IsRejectedPerRowWithItsBytesInBase64() {
        byte[] bad = {'{', '"', 'i', 'n', 'p', 'u', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bad);
        body.writeBytes("\n{\"input\":\"Grüße\",\"output\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8));

        JsonlRowReader reader = new JsonlRowReader(new ByteArrayInputStream(body.toByteArray()), MAX_ROW_BYTES);
        List<RawRow> rows = readAll(reader);

        assertThat(reader.columns()).containsExactly("input", "output");
        assertThat(rows.get(0).problem().code()).isEqualTo(RejectionCode.INVALID_UTF8);
        assertThat(rows.get(0).problem().message()).isEqualTo("invalid UTF-8 at byte 11 of the line");
        assertThat(Base64.getDecoder().decode(rows.get(0).payload())).isEqualTo(bad);
        assertThat(rows.get(1).fields()).containsEntry("input", "Grüße");
    }

    @Test
    void anOverlongLineIsRejectedWithoutBeingHeld() {
        String longText = "x".repeat(5000);
        List<RawRow> rows = readAll(reader("{\"input\":\"a\",\"output\":\"b\"}\n{\"input\":\"" + longText
                + "\",\"output\":\"b\"}\n{\"input\":\"c\",\"output\":\"d\"}\n"));

        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).problem().code()).isEqualTo(RejectionCode.TOO_LONG);
        assertThat(rows.get(1).payload()).hasSize(MAX_ROW_BYTES);
        assertThat(rows.get(2).fields()).containsEntry("input", "c");
    }

    @Test
    void aBodyThatDoesNotStartWithAJsonObjectIsUnreadableWithItsPosition() {
        assertThatThrownBy(() -> reader("\n\n{\"input\": \"a\", oops}\n{\"input\":\"b\"}\n"))
                .isInstanceOfSatisfying(UnreadableUploadException.class, e -> {
                    assertThat(e.code()).isEqualTo("malformed-json");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(16);
                });
        assertThatThrownBy(() -> reader("id,dialogue,summary\n1,a,b\n"))
                .isInstanceOfSatisfying(UnreadableUploadException.class, e -> {
                    assertThat(e.code()).isEqualTo("malformed-json");
                    assertThat(e.line()).isEqualTo(1);
                });
    }

    @Test
    void anEmptyBodyIsUnreadable() {
        assertThatThrownBy(() -> reader(" \n\n"))
                .isInstanceOfSatisfying(UnreadableUploadException.class,
                        e -> assertThat(e.code()).isEqualTo("empty-upload"));
    }

    @Test
    void aBodyWithoutASingleReadableLineIsUnreadable() {
        byte[] utf16 = "{\"input\":\"a\",\"output\":\"b\"}\n".getBytes(StandardCharsets.UTF_16);

        assertThatThrownBy(() -> new JsonlRowReader(new ByteArrayInputStream(utf16), MAX_ROW_BYTES))
                .isInstanceOfSatisfying(UnreadableUploadException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid-utf8");
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.getMessage()).startsWith("no line is a readable JSON object; line 1: invalid UTF-8");
                });
    }

    @Test
    void dropsAByteOrderMarkAndWindowsLineEnds() {
        JsonlRowReader reader = reader("\uFEFF{\"input\":\"a\",\"output\":\"b\"}\r\n{\"input\":\"c\",\"output\":\"d\"}\r\n");

        assertThat(reader.columns()).containsExactly("input", "output");
        assertThat(readAll(reader)).extracting(r -> r.fields().get("output")).containsExactly("b", "d");
    }

    private static JsonlRowReader reader(String body) {
        return new JsonlRowReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), MAX_ROW_BYTES);
    }

    static List<RawRow> readAll(RowReader reader) {
        List<RawRow> rows = new ArrayList<>();
        for (RawRow row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }
}
