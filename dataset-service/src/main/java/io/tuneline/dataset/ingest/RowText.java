package io.tuneline.dataset.ingest;

import io.tuneline.contracts.text.StrictUtf8;
import io.tuneline.contracts.text.StrictUtf8.InvalidUtf8Exception;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A row's bytes as text (through the suite's one strict decoder), and as a dead-letter payload. */
final class RowText {

    /** Rows' original text in dead letters and reports is capped so that one record stays well under 1 MB. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private RowText() {
    }

    static String decode(byte[] bytes, int length) throws InvalidUtf8Exception {
        return StrictUtf8.decode(bytes, 0, length);
    }

    /** The row as dead-letter payload: its text, or Base64 when it is not UTF-8; cut at {@link #MAX_PAYLOAD_BYTES}. */
    static String payload(byte[] bytes, int length, boolean validUtf8) {
        int kept = Math.min(length, MAX_PAYLOAD_BYTES);
        if (!validUtf8) {
            return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, kept));
        }
        // Never cut inside a multi-byte character.
        while (kept < length && kept > 0 && (bytes[kept] & 0xC0) == 0x80) {
            kept--;
        }
        return new String(bytes, 0, kept, StandardCharsets.UTF_8);
    }
}
