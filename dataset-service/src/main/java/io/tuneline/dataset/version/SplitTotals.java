package io.tuneline.dataset.version;

import io.tuneline.contracts.dataset.SplitStatistics;
import io.tuneline.dataset.validation.ContentHashing;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A whole split as it grows segment by segment: the running SHA-256 of all its lines (a digest state that can be
 * continued, so a new version hashes only what it adds), its size, count and length statistics.
 */
public final class SplitTotals {

    private final MessageDigest digest;
    private final LengthAccumulator lengths;
    private long bytes;
    private long examples;

    private SplitTotals(MessageDigest digest, LengthAccumulator lengths, long bytes, long examples) {
        this.digest = digest;
        this.lengths = lengths;
        this.bytes = bytes;
        this.examples = examples;
    }

    public static SplitTotals empty() {
        return new SplitTotals(ContentHashing.newSha256(), new LengthAccumulator(), 0, 0);
    }

    /** An independent continuation of these totals. */
    public SplitTotals copy() {
        return new SplitTotals(cloneDigest(), lengths.copy(), bytes, examples);
    }

    void add(byte[] jsonLine, String input, String output) {
        digest.update(jsonLine);
        digest.update((byte) '\n');
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

    /** Hex SHA-256 of the split so far (the totals can still grow afterwards). */
    public String sha256() {
        return HexFormat.of().formatHex(cloneDigest().digest());
    }

    public SplitStatistics statistics() {
        return lengths.statistics();
    }

    private MessageDigest cloneDigest() {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }
}
