package io.tuneline.dataset.service;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesTest {

    @Test
    void linesAreSplitAtLineFeedsAndTheLastOneNeedsNone() throws IOException {
        assertThat(read("{\"a\":1}\n{\"b\":2}\n{\"c\":3}")).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
        assertThat(read("{\"a\":1}\n")).containsExactly("{\"a\":1}");
        assertThat(read("")).isEmpty();
    }

    @Test
    void emptyLinesAreNotLinesWhereverTheyAre() throws IOException {
        assertThat(read("\n\n{\"a\":1}\n\n\n{\"b\":2}\n\n")).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(read("\n\n\n")).isEmpty();
    }

    @Test
    void theEndStaysTheEnd() throws IOException {
        JsonLines lines = lines(utf8("{\"a\":1}"));
        assertThat(lines.next()).isNotNull();
        assertThat(lines.next()).isNull();
        assertThat(lines.next()).isNull();
        lines.skip();
        assertThat(lines.next()).isNull();
    }

    @Test
    void multiByteCharactersArriveByteForByteInOneLine() throws IOException {
        // U+010A is C4 8A in UTF-8 and U+0A0A is E0 A8 8A: a reader that cut at the char value 0x0A, or decoded
        // one byte at a time, would split or garble them.
        String text = "{\"input\":\"\u010A \u0A0A caf\u00e9 \uD83D\uDE00 \u4e2d\u6587\"}";
        byte[] content = utf8(text + "\n" + text + "\n");

        JsonLines lines = lines(content);
        byte[] first = lines.next();

        assertThat(first).isEqualTo(utf8(text));
        assertThat(lines.next()).isEqualTo(utf8(text));
        assertThat(lines.next()).isNull();
    }

    @Test
    void bytesThatAreNotUtf8AreHandedOnUnchangedForTheStrictDecoderToRefuse() throws IOException {
        // Lines are bytes here; no replacement character may sneak in before the example is decoded.
        byte[] broken = {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xC3, '"', '}'};
        byte[] content = Arrays.copyOf(broken, broken.length + 1);
        content[broken.length] = '\n';

        assertThat(lines(content).next()).isEqualTo(broken);
    }

    @Test
    void aLineLongerThanAnyBufferComesBackWhole() throws IOException {
        String longLine = "{\"input\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        byte[] content = utf8(longLine + "\n{\"next\":true}\n");

        JsonLines lines = new JsonLines(new BufferedInputStream(new ByteArrayInputStream(content), 8192));

        assertThat(lines.next()).hasSize(longLine.length()).isEqualTo(utf8(longLine));
        assertThat(lines.next()).isEqualTo(utf8("{\"next\":true}"));
    }

    @Test
    void skipPassesOverTheSameLinesAsNext() throws IOException {
        // A page that starts at offset 2 skips two examples: empty lines in between must not count as examples.
        JsonLines lines = lines(utf8("{\"n\":0}\n\n{\"n\":1}\n\n\n{\"n\":2}\n{\"n\":3}\n"));

        lines.skip();
        lines.skip();

        assertThat(new String(lines.next(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");
        lines.skip();
        assertThat(lines.next()).isNull();
    }

    @Test
    void skippingALongLineSkipsAllOfIt() throws IOException {
        JsonLines lines = lines(utf8("{\"input\":\"" + "y".repeat(200_000) + "\"}\n{\"n\":1}\n"));

        lines.skip();

        assertThat(lines.next()).isEqualTo(utf8("{\"n\":1}"));
    }

    private static List<String> read(String content) throws IOException {
        JsonLines lines = lines(utf8(content));
        List<String> read = new ArrayList<>();
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
            read.add(new String(line, StandardCharsets.UTF_8));
        }
        return read;
    }

    private static JsonLines lines(byte[] content) {
        return new JsonLines(new ByteArrayInputStream(content));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
