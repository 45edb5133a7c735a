package io.tuneline.dataset.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UploadFormatTest {

    @Test
    void formatsAreNamedOnTheWireInLowerCaseAndFoundWhateverTheCase() {
        assertThat(UploadFormat.DIALOGSUM.wireName()).isEqualTo("dialogsum");
        assertThat(UploadFormat.ofWireName("CSV")).contains(UploadFormat.CSV);
        assertThat(UploadFormat.ofWireName("jsonl")).contains(UploadFormat.JSONL);
        assertThat(UploadFormat.ofWireName("parquet")).isEmpty();
        assertThat(UploadFormat.ofWireName(null)).isEmpty();
    }

    @Test
    void onlyACsvContentTypeMeansCsv() {
        assertThat(UploadFormat.fromContentType("text/csv")).isEqualTo(UploadFormat.CSV);
        assertThat(UploadFormat.fromContentType("Text/CSV; charset=utf-8")).isEqualTo(UploadFormat.CSV);
        assertThat(UploadFormat.fromContentType("application/x-ndjson")).isEqualTo(UploadFormat.JSONL);
        assertThat(UploadFormat.fromContentType("application/octet-stream")).isEqualTo(UploadFormat.JSONL);
        assertThat(UploadFormat.fromContentType(null)).isEqualTo(UploadFormat.JSONL);
    }

    @Test
    void eachFormatOpensItsReader() {
        assertThat(UploadFormat.CSV.open(body("id,input,output\n1,a,b\n"), 1024)).isInstanceOf(CsvRowReader.class);
        assertThat(UploadFormat.JSONL.open(body("{\"input\":\"a\",\"output\":\"b\"}\n"), 1024))
                .isInstanceOf(JsonlRowReader.class);
        assertThat(UploadFormat.DIALOGSUM.open(body("{\"dialogue\":\"a\",\"summary\":\"b\"}\n"), 1024))
                .isInstanceOf(JsonlRowReader.class);
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
