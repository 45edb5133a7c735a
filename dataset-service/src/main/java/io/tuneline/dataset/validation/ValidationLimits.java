package io.tuneline.dataset.validation;

import java.util.Objects;

/**
 * How long texts may be, in Unicode code points (longer ones are rejected as {@code too-long}), and what happens to
 * control characters.
 */
public record ValidationLimits(int maxInputChars, int maxOutputChars, ControlCharacterPolicy controlCharacters) {

    public ValidationLimits {
        if (maxInputChars < 1 || maxOutputChars < 1) {
            throw new IllegalArgumentException("length limits must be positive");
        }
        Objects.requireNonNull(controlCharacters);
    }

    public ValidationLimits(int maxInputChars, int maxOutputChars) {
        this(maxInputChars, maxOutputChars, ControlCharacterPolicy.REJECT);
    }
}
