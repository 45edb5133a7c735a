package io.tuneline.dataset.ingest;

import java.util.Arrays;

/** The bytes of one row, growing up to a cap; beyond it the row is only counted, not kept. */
final class RowBuffer {

    private final int maxBytes;
    private byte[] bytes = new byte[1024];
    private int length;
    private boolean overflowed;

    RowBuffer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    void append(int b) {
        if (length == maxBytes) {
            overflowed = true;
            return;
        }
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(maxBytes, bytes.length * 2));
        }
        bytes[length++] = (byte) b;
    }

    void clear() {
        length = 0;
        overflowed = false;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    boolean overflowed() {
        return overflowed;
    }

    byte[] copy() {
        return Arrays.copyOf(bytes, length);
    }
}
