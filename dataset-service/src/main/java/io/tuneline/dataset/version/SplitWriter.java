package io.tuneline.dataset.version;

import io.tuneline.dataset.validation.ContentHashing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Writes one split file line by line while keeping its SHA-256, size, count and length statistics. */
public final class SplitWriter implements AutoCloseable {

    private final MessageDigest digest = ContentHashing.newSha256();
    private final DigestOutputStream out;
    private final LengthAccumulator lengths = new LengthAccumulator();
    private long bytes;
    private long examples;
    private String sha256;

    public SplitWriter(OutputStream target) {
        this.out = new DigestOutputStream(target, digest);
    }

    /** Appends one example's JSON line (without the newline; it is added here). */
    public void write(byte[] jsonLine, String input, String output) {
        try {
            out.write(jsonLine);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing a split file failed", e);
        }
        bytes += jsonLine.length + 1L;
        examples++;
        lengths.add(input, output);
    }

    public long bytes() {
        return bytes;
    }

    public long examples() {
        return examples;
    }

    /** Hex SHA-256 of the file; known once the writer is closed. */
    public String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("the checksum is known once the split file is closed");
        }
        return sha256;
    }

    public SplitStatistics statistics() {
        return lengths.statistics();
    }

    @Override
    public void close() {
        if (sha256 != null) {
            return;
        }
        try {
            out.close();
            sha256 = HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("closing a split file failed", e);
        }
    }
}
