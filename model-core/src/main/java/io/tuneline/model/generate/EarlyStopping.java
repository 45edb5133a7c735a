package io.tuneline.model.generate;

import java.util.Locale;

/**
 * When beam search may stop for a prompt, with Hugging Face's three meanings of {@code early_stopping}.
 * <ul>
 *   <li>{@link #TRUE}: as soon as {@code num_beams} hypotheses are finished;</li>
 *   <li>{@link #FALSE}: when the best running beam, scored at its current length, can no longer beat the worst
 *       finished hypothesis (Hugging Face's default);</li>
 *   <li>{@link #NEVER}: like FALSE, but a positive length penalty is assumed to reward the longest possible length.</li>
 * </ul>
 */
public enum EarlyStopping {
    TRUE, FALSE, NEVER;

    /** Accepts {@code true|false|never} in any case (Python's {@code True}/{@code False} included). */
    public static EarlyStopping parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> TRUE;
            case "false" -> FALSE;
            case "never" -> NEVER;
            default -> throw new IllegalArgumentException("early_stopping must be true, false or never: " + value);
        };
    }
}
