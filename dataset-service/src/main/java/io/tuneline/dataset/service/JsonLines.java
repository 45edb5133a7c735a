package io.tuneline.dataset.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stored JSONL file line by line as bytes (the files this service wrote: UTF-8, '\n' endings). */
final class JsonLines {

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    JsonLines(InputStream in) {
        this.in = in;
    }

    /** The next non-empty line without its newline, or null at the end. */
    byte[] next() throws IOException {
        while (true) {
            line.reset();
            int b = in.read();
            if (b == -1) {
                return null;
            }
            while (b != -1 && b != '\n') {
                line.write(b);
                b = in.read();
            }
            if (line.size() > 0) {
                return line.toByteArray();
            }
        }
    }

    /**
     * Passes over the next non-empty line without keeping it. Empty lines do not count, as in {@link #next}: a page
     * skips as many examples as it says.
     */
    void skip() throws IOException {
        int b = in.read();
        while (b == '\n') {
            b = in.read();
        }
        while (b != -1 && b != '\n') {
            b = in.read();
        }
    }
}
