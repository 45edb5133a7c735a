package io.tuneline.dataset.version;

import io.tuneline.contracts.dataset.SplitStatistics;
import io.tuneline.dataset.validation.ContentHashing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes one segment of a split line by line: the segment's own SHA-256, size and count, and the totals of the
 * whole split it extends (its parent's segments plus this one). A writer without a parent writes the whole split.
 */
public final class SplitWriter implements AutoCloseable {

    private final MessageDigest segmentDigest = ContentHashing.newSha256();
    private final DigestOutputStream out;
    private final SplitTotals split;
    private long segmentBytes;
    private long segmentExamples;
    private String segmentSha256;

    public SplitWriter(OutputStream target) {
        this(target, SplitTotals.empty());
    }

    /** Continues (a copy of) {@code before}, the totals of the segments that precede this one. */
    public SplitWriter(OutputStream segment, SplitTotals before) {
        this.out = new DigestOutputStream(segment, segmentDigest);
        this.split = before.copy();
    }

    /** Appends one example's JSON line (without the newline; it is added here). */
    public void write(byte[] jsonLine, String input, String output) {
        try {
            out.write(jsonLine);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing a split file failed", e);
        }
        segmentBytes += jsonLine.length + 1L;
        segmentExamples++;
        split.add(jsonLine, input, output);
    }

    /** Counts a line of an earlier segment in the split's totals without writing it again. */
    public void account(byte[] jsonLine, String input, String output) {
        split.add(jsonLine, input, output);
    }

    /** Bytes of the whole split. */
    public long bytes() {
        return split.bytes();
    }

    /** Examples of the whole split. */
    public long examples() {
        return split.examples();
    }

    /** Hex SHA-256 of the whole split; known once the writer is closed. */
    public String sha256() {
        requireClosed();
        return split.sha256();
    }

    public SplitStatistics statistics() {
        return split.statistics();
    }

    /** The split's totals so far (after close: after this segment, to continue in the next version). */
    public SplitTotals totals() {
        return split;
    }

    public long segmentBytes() {
        return segmentBytes;
    }

    public long segmentExamples() {
        return segmentExamples;
    }

    public String segmentSha256() {
        requireClosed();
        return segmentSha256;
    }

    private void requireClosed() {
        if (segmentSha256 == null) {
            throw new IllegalStateException("the checksum is known once the split file is closed");
        }
    }

    @Override
    public void close() {
        if (segmentSha256 != null) {
            return;
        }
        try {
            out.close();
            segmentSha256 = HexFormat.of().formatHex(segmentDigest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("closing a split file failed", e);
        }
    }
}
