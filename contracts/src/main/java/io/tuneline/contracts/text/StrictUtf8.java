package io.tuneline.contracts.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one UTF-8 decoder of the suite: bad bytes are refused, never replaced with U+FFFD (a replaced character
 * would silently become training text or a different event), and the refusal says where they are.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** Thrown with the offset (from the start of the decoded range) of the first byte that is not valid UTF-8. */
    public static final class InvalidUtf8Exception extends Exception {
        private final int byteOffset;

        public InvalidUtf8Exception(int byteOffset) {
            super("invalid UTF-8 at byte " + byteOffset, null, false, false);
            this.byteOffset = byteOffset;
        }

        public int byteOffset() {
            return byteOffset;
        }
    }

    public static String decode(byte[] bytes, int offset, int length) throws InvalidUtf8Exception {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidUtf8Exception(in.position() - offset);
        }
        return out.flip().toString();
    }

    public static String decode(byte[] bytes) throws InvalidUtf8Exception {
        return decode(bytes, 0, bytes.length);
    }

    /** The text, or empty when the bytes are not valid UTF-8. */
    public static Optional<String> tryDecode(byte[] bytes) {
        try {
            return Optional.of(decode(bytes));
        } catch (InvalidUtf8Exception e) {
            return Optional.empty();
        }
    }
}
