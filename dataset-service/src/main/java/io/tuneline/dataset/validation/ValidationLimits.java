package io.tuneline.dataset.validation;

/** How long texts may be, in Unicode code points; longer ones are rejected as {@code too-long}. */
public record ValidationLimits(int maxInputChars, int maxOutputChars) {

    public ValidationLimits {
        if (maxInputChars < 1 || maxOutputChars < 1) {
            throw new IllegalArgumentException("length limits must be positive");
        }
    }
}
