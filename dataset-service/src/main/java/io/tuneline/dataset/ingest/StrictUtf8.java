package io.tuneline.dataset.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** UTF-8 decoding that refuses bad bytes instead of replacing them, and says where they are. */
final class StrictUtf8 {

    /** Rows' original text in dead letters and reports is capped so that one record stays well under 1 MB. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private StrictUtf8() {
    }

    /** Thrown with the offset of the first byte that is not valid UTF-8. */
    static final class InvalidUtf8Exception extends Exception {
        private final int byteOffset;

        InvalidUtf8Exception(int byteOffset) {
            super("invalid UTF-8 at byte " + byteOffset, null, false, false);
            this.byteOffset = byteOffset;
        }

        int byteOffset() {
            return byteOffset;
        }
    }

    static String decode(byte[] bytes, int length) throws InvalidUtf8Exception {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InvalidUtf8Exception(in.position());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new InvalidUtf8Exception(in.position());
        }
        return out.flip().toString();
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
