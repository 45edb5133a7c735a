package io.tuneline.dataset.validation;

/**
 * What counts as empty and what counts as a control character in an example's text, and how a long text is quoted
 * in an error: the same rules for uploads and the support-chat stream.
 */
public final class TextChecks {

    /** Longest excerpt of a row's text that errors and reports may quote. */
    public static final int MAX_EXCERPT_CHARS = 80;

    private TextChecks() {
    }

    /**
     * True when the text holds nothing but whitespace in the Unicode sense: besides what {@link String#isBlank}
     * knows, the no-break spaces (U+00A0, U+2007, U+202F) and the invisible zero-width characters people paste
     * from chat tools (U+200B..U+200D, U+2060, U+FEFF, U+180E).
     */
    public static boolean isBlank(String text) {
        return text.codePoints().allMatch(TextChecks::isInvisible);
    }

    private static boolean isInvisible(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || (codePoint >= 0x200B && codePoint <= 0x200D) || codePoint == 0x2060 || codePoint == 0xFEFF
                || codePoint == 0x180E;
    }

    /** Control characters (C0, DEL, C1) are not text; tab, line feed and carriage return are. */
    public static boolean isForbiddenControl(int codePoint) {
        return Character.getType(codePoint) == Character.CONTROL
                && codePoint != '\t' && codePoint != '\n' && codePoint != '\r';
    }

    /** Index (in chars) of the first forbidden control character, or -1. */
    public static int firstForbiddenControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isForbiddenControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The text without its forbidden control characters (null stays null). */
    public static String stripControls(String text) {
        if (text == null || firstForbiddenControl(text) < 0) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(c -> !isForbiddenControl(c)).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /** A control character as people look it up: {@code U+001B}. */
    public static String codePointName(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    /**
     * At most {@link #MAX_EXCERPT_CHARS} characters of a text, cut at a code point boundary and marked when cut:
     * {@code "first words… (truncated, 5242880 characters)"}.
     */
    public static String excerpt(String text) {
        return excerpt(text, MAX_EXCERPT_CHARS);
    }

    /** At most {@code maxChars} characters of a text (a parser's message, which may quote the row), marked when cut. */
    public static String excerpt(String text, int maxChars) {
        if (text == null) {
            return null;
        }
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end) + "… (truncated, " + text.length() + " characters)";
    }
}
