package io.tuneline.dataset.version;

import io.tuneline.dataset.validation.ContentHashing;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A segment's own checksum and size, and the running totals of the whole split it extends. */
class SplitWriterTest {

    @Test
    void aSegmentKnowsItsOwnChecksumAndTheWholeSplitsAcrossSegments() {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        SplitWriter v1 = new SplitWriter(first);
        v1.write(line("a"), "in a", "out a");
        v1.write(line("b"), "in b", "out b");
        v1.close();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        SplitWriter v2 = new SplitWriter(second, v1.totals());
        v2.write(line("c"), "in c", "out c");
        v2.close();

        assertThat(v2.segmentSha256()).isEqualTo(sha256(second.toByteArray()));
        assertThat(v2.segmentBytes()).isEqualTo(second.size());
        assertThat(v2.segmentExamples()).isEqualTo(1);
        byte[] whole = concat(first.toByteArray(), second.toByteArray());
        assertThat(v2.sha256()).isEqualTo(sha256(whole));
        assertThat(v2.bytes()).isEqualTo(whole.length);
        assertThat(v2.examples()).isEqualTo(3);
        assertThat(new String(second.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"c\"}\n");
    }

    @Test
    void continuingTotalsNeverChangesTheParentsTotals() {
        SplitWriter v1 = new SplitWriter(new ByteArrayOutputStream());
        v1.write(line("a"), "in a", "out a");
        v1.close();
        SplitTotals parent = v1.totals();
        String parentSha = parent.sha256();

        // Two drafts on the same parent (one fails, the next succeeds) must not see each other's lines.
        SplitWriter failed = new SplitWriter(new ByteArrayOutputStream(), parent);
        failed.write(line("lost"), "in", "out");
        failed.close();
        SplitWriter next = new SplitWriter(new ByteArrayOutputStream(), parent);
        next.write(line("b"), "in b", "out b");
        next.close();

        assertThat(parent.sha256()).isEqualTo(parentSha);
        assertThat(parent.examples()).isEqualTo(1);
        assertThat(next.examples()).isEqualTo(2);
        assertThat(next.sha256()).isEqualTo(sha256(concat(withNewline(line("a")), withNewline(line("b")))));
    }

    @Test
    void accountedLinesCountInTheSplitButAreNotWrittenAgain() {
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        SplitWriter writer = new SplitWriter(segment);
        writer.account(line("parent"), "a parent input", "out");
        writer.write(line("new"), "in", "out");
        writer.close();

        assertThat(segment.toByteArray()).isEqualTo(withNewline(line("new")));
        assertThat(writer.segmentExamples()).isEqualTo(1);
        assertThat(writer.examples()).isEqualTo(2);
        assertThat(writer.sha256()).isEqualTo(sha256(concat(withNewline(line("parent")), withNewline(line("new")))));
        assertThat(writer.statistics().inputTokens().max()).isEqualTo(3);
    }

    @Test
    void checksumsAreKnownOnlyOnceClosedAndClosingTwiceChangesNothing() {
        SplitWriter writer = new SplitWriter(new ByteArrayOutputStream());
        writer.write(line("a"), "in", "out");

        assertThatThrownBy(writer::sha256).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(writer::segmentSha256).isInstanceOf(IllegalStateException.class);
        writer.close();
        String sha = writer.segmentSha256();
        writer.close();

        assertThat(writer.segmentSha256()).isEqualTo(sha).isEqualTo(sha256(withNewline(line("a"))));
    }

    @Test
    void anEmptySplitHasTheEmptyChecksumAndNoStatistics() {
        SplitWriter writer = new SplitWriter(new ByteArrayOutputStream());
        writer.close();

        assertThat(writer.sha256()).isEqualTo(sha256(new byte[0]));
        assertThat(writer.bytes()).isZero();
        assertThat(writer.statistics().inputChars()).isNull();
    }

    @Test
    void totalsCanBeReadWhileTheyKeepGrowing() {
        SplitTotals totals = SplitTotals.empty();
        totals.add(line("a"), "in", "out");
        String afterOne = totals.sha256();
        totals.add(line("b"), "in", "out");

        assertThat(afterOne).isEqualTo(sha256(withNewline(line("a"))));
        assertThat(totals.sha256()).isEqualTo(sha256(concat(withNewline(line("a")), withNewline(line("b")))));
        assertThat(totals.copy().sha256()).isEqualTo(totals.sha256());
    }

    private static byte[] line(String id) {
        return ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withNewline(byte[] line) {
        return concat(line, new byte[]{'\n'});
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static String sha256(byte[] content) {
        return HexFormat.of().formatHex(ContentHashing.newSha256().digest(content));
    }
}
