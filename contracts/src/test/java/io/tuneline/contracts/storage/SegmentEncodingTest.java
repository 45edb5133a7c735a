package io.tuneline.contracts.storage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentEncodingTest {

    private static final byte[] LINES = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aCompressedSegmentReadsAsItsJsonLines() throws IOException {
        String key = StorageLayout.defaults().datasetCompressedSegment("support-chats", "v3", "train").key();

        try (InputStream in = SegmentEncoding.decode(key, new ByteArrayInputStream(gzip(LINES)))) {
            assertThat(in.readAllBytes()).isEqualTo(LINES);
        }
        assertThat(key).isEqualTo("support-chats/versions/v3/segments/train.jsonl.gz");
    }

    @Test
    void aPlainSegmentOfAnOlderVersionIsReadAsItIs() throws IOException {
        String key = StorageLayout.defaults().datasetSegment("support-chats", "v1", "train").key();

        assertThat(SegmentEncoding.compressed(key)).isFalse();
        try (InputStream in = SegmentEncoding.decode(key, new ByteArrayInputStream(LINES))) {
            assertThat(in.readAllBytes()).isEqualTo(LINES);
        }
    }

    @Test
    void aCompressedKeyOverBytesThatAreNotGzipIsAClearError() {
        assertThatThrownBy(() -> SegmentEncoding.decode("d/versions/v1/segments/train.jsonl.gz",
                new ByteArrayInputStream(LINES)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("is not gzip");
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
