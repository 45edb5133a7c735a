package io.tuneline.dataset.ingest;

import io.tuneline.dataset.validation.RejectionCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.tuneline.dataset.ingest.JsonlRowReaderTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowReaderTest {

    private static final int MAX_ROW_BYTES = 1024;

    @Test
    void readsTheCommonExportWithMultiLineQuotedDialogues() {
        CsvRowReader reader = reader("""
                id,dialogue,summary,topic\r
                train_1,"#Person1#: Hi, how are you?\r
                #Person2#: Fine, ""thanks"".",They greet.,greeting\r
                train_2,plain,also plain,\r
                """);

        assertThat(reader.columns()).containsExactly("id", "dialogue", "summary", "topic");
        List<RawRow> rows = readAll(reader);
        assertThat(rows).extracting(RawRow::line).containsExactly(2L, 4L);
        assertThat(rows.get(0).fields())
                .containsEntry("dialogue", "#Person1#: Hi, how are you?\r\n#Person2#: Fine, \"thanks\".")
                .containsEntry("summary", "They greet.");
        assertThat(rows.get(1).fields()).containsEntry("topic", "");
    }

    @Test
    void aWrongFieldCountOrTextAfterAQuoteRejectsOnlyThatRow() {
        List<RawRow> rows = readAll(reader("""
                id,dialogue,summary
                1,a
                2,"b"x,c
                3,d,e
                """));

        assertThat(rows).extracting(RawRow::line).containsExactly(2L, 3L, 4L);
        assertThat(rows.get(0).problem().code()).isEqualTo(RejectionCode.MALFORMED_ROW);
        assertThat(rows.get(0).problem().message()).isEqualTo("expected 3 fields, found 2");
        assertThat(rows.get(0).payload()).isEqualTo("1,a");
        assertThat(rows.get(1).problem().message())
                .isEqualTo("unexpected text after a closing quote at line 3, column 6");
        assertThat(rows.get(2).fields()).containsEntry("summary", "e");
    }

    @Test
    void invalidUtf8InAFieldRejectsOnlyThatRow() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("id,dialogue,summary\n1,".getBytes(StandardCharsets.UTF_8));
        body.write(0xFF);
        body.writeBytes(",b\n2,ça va,oui\n".getBytes(StandardCharsets.UTF_8));

        List<RawRow> rows = readAll(new CsvRowReader(new ByteArrayInputStream(body.toByteArray()), MAX_ROW_BYTES));

        assertThat(rows.get(0).problem().code()).isEqualTo(RejectionCode.INVALID_UTF8);
        assertThat(rows.get(0).problem().message()).isEqualTo("invalid UTF-8 in column 'dialogue' at byte 1");
        assertThat(rows.get(1).fields()).containsEntry("dialogue", "ça va");
    }

    @Test
    void anOverlongRecordIsRejectedAndTheNextOneIsRead() {
        List<RawRow> rows = readAll(reader("id,dialogue,summary\n1,\"" + "y\n".repeat(1000) + "\",s\n2,d,s\n"));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).problem().code()).isEqualTo(RejectionCode.TOO_LONG);
        assertThat(rows.get(1).line()).isEqualTo(1003);
        assertThat(rows.get(1).fields()).containsEntry("id", "2");
    }

    @Test
    void aQuoteThatNeverClosesIsUnreadableAtTheQuote() {
        CsvRowReader reader = reader("id,dialogue,summary\n1,a,b\n2,\"never closed,c\n3,d,e\n");

        assertThat(reader.next().fields()).containsEntry("id", "1");
        assertThatThrownBy(reader::next).isInstanceOfSatisfying(UnreadableUploadException.class, e -> {
            assertThat(e.code()).isEqualTo("unterminated-quote");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isEqualTo(3);
        });
    }

    @Test
    void anEmptyBodyOrABrokenHeaderIsUnreadable() {
        assertThatThrownBy(() -> reader(""))
                .isInstanceOfSatisfying(UnreadableUploadException.class,
                        e -> assertThat(e.code()).isEqualTo("empty-upload"));
        assertThatThrownBy(() -> reader("id,id,summary\n"))
                .isInstanceOfSatisfying(UnreadableUploadException.class,
                        e -> assertThat(e.code()).isEqualTo("duplicate-column"));
    }

    private static CsvRowReader reader(String body) {
        return new CsvRowReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), MAX_ROW_BYTES);
    }
}
