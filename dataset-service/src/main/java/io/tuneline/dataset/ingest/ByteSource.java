package io.tuneline.dataset.ingest;

import java.io.IOException;
import java.io.InputStream;

/** A buffered byte stream that drops a leading UTF-8 byte-order mark, as spreadsheet exports often write one. */
final class ByteSource {

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    ByteSource(InputStream in) {
        this.in = in;
        if (peek(0) == 0xEF && peek(1) == 0xBB && peek(2) == 0xBF) {
            position = 3;
        }
    }

    /** The next byte (0-255), or -1 at the end. */
    int read() {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    private int peek(int ahead) {
        while (limit - position <= ahead) {
            if (!fill()) {
                return -1;
            }
        }
        return buffer[position + ahead] & 0xFF;
    }

    private boolean fill() {
        if (position == limit) {
            position = 0;
            limit = 0;
        }
        try {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read <= 0) {
                return false;
            }
            limit += read;
            return true;
        } catch (IOException e) {
            throw new UploadInterruptedException(e);
        }
    }
}
