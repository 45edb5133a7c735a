package io.tuneline.dataset.validation;

/** What happens to control characters (NUL, BEL, ESC, …) in a text; tabs and newlines are text either way. */
public enum ControlCharacterPolicy {
    /** The row is rejected as {@code control-character}, naming the field and the character. */
    REJECT,
    /** The characters are removed and the row is accepted (the texts are then no longer exactly as uploaded). */
    STRIP
}
