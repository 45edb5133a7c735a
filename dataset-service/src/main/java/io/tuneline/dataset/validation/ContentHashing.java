package io.tuneline.dataset.validation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hashes that decide what counts as "the same example". Normalization (NFKC, whitespace runs collapsed, trimmed,
 * lower-cased) makes copies that differ only in formatting collide, so they are caught as normalized duplicates.
 */
public final class ContentHashing {

    private static final Pattern WHITESPACE_RUN = Pattern.compile("[\\s\\p{Z}]+");
    // U+0000 cannot survive in either text as a boundary marker: the two fields never run into each other.
    private static final String FIELD_SEPARATOR = "\u0000";

    private ContentHashing() {
    }

    public static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
        return WHITESPACE_RUN.matcher(folded).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    /** SHA-256 (hex) of the normalized input and output: the example's {@code contentHash}. */
    public static String contentHash(String input, String output) {
        return HexFormat.of().formatHex(sha256(normalize(input) + FIELD_SEPARATOR + normalize(output)));
    }

    /** SHA-256 of the texts exactly as given: tells an exact copy from a merely normalized one. */
    public static byte[] exactHash(String input, String output) {
        return sha256(input + FIELD_SEPARATOR + output);
    }

    public static byte[] sha256(String text) {
        return newSha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The first eight bytes of a digest as a long: compact keys for the in-memory de-duplication index. */
    public static long leadingLong(byte[] digest) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }
}
