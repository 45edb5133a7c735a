package io.tuneline.contracts.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * How a stored dataset segment is encoded, told by its key: {@code ….jsonl.gz} is gzip-compressed JSON Lines,
 * anything else plain. Every reader of segments (dataset-service, template-service) opens them through
 * {@link #decode}, so a manifest may mix compressed segments with plain ones written before compression.
 */
public final class SegmentEncoding {

    public static final String GZIP_SUFFIX = ".gz";

    private SegmentEncoding() {
    }

    public static boolean compressed(String key) {
        return key.endsWith(GZIP_SUFFIX);
    }

    /** The segment's JSON Lines, decompressed while read when the key says it is compressed. */
    public static InputStream decode(String key, InputStream stored) {
        if (!compressed(key)) {
            return stored;
        }
        try {
            return new GZIPInputStream(stored, 1 << 16);
        } catch (IOException e) {
            try {
                stored.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("segment " + key + " is not gzip", e);
        }
    }
}
