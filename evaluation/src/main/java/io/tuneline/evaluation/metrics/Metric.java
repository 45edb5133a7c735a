package io.tuneline.evaluation.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The per-example metrics an evaluation reports, by the names used in JSON and reports. ROUGE values are
 * F-measures; exact match is 0 or 1, so its mean is an accuracy.
 */
public enum Metric {
    ROUGE1("rouge1", "ROUGE-1"),
    ROUGE2("rouge2", "ROUGE-2"),
    ROUGE_L("rougeL", "ROUGE-L"),
    ROUGE_LSUM("rougeLsum", "ROUGE-Lsum"),
    EXACT_MATCH("exactMatch", "exact match");

    private final String key;
    private final String label;

    Metric(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public String key() {
        return key;
    }

    /** How a person reads the name: "ROUGE-L", "exact match". */
    public String label() {
        return label;
    }

    /** A value as people read it: ROUGE as a fraction ({@code 0.213}), exact match as a percentage. */
    public String format(double value) {
        return this == EXACT_MATCH ? String.format(Locale.ROOT, "%.1f %%", 100 * value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A signed change: {@code +0.021} for ROUGE, {@code -12.0 points} (percentage points) for exact match. */
    public String formatChange(double change) {
        return this == EXACT_MATCH ? String.format(Locale.ROOT, "%+.1f points", 100 * change)
                : String.format(Locale.ROOT, "%+.3f", change);
    }

    /** An interval's bounds in the same units: {@code [0.180, 0.240]} or {@code [-18.0, -6.0]}. */
    public String formatInterval(double lower, double upper, boolean change) {
        String pattern = this == EXACT_MATCH ? (change ? "%+.1f" : "%.1f") : (change ? "%+.3f" : "%.3f");
        double scale = this == EXACT_MATCH ? 100 : 1;
        return "[" + String.format(Locale.ROOT, pattern, scale * lower) + ", "
                + String.format(Locale.ROOT, pattern, scale * upper) + "]";
    }

    public static Metric fromKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equalsIgnoreCase(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + key + "'; expected one of "
                        + Arrays.stream(values()).map(Metric::key).toList()));
    }

    /** Every metric of one prediction against its references (ROUGE: the best reference per type). */
    public static double[] scoreAll(String prediction, List<String> references, boolean useStemmer) {
        RougeScores rouge = Rouge.scoreMulti(prediction, references, useStemmer);
        return new double[] {
            rouge.rouge1().fmeasure(), rouge.rouge2().fmeasure(), rouge.rougeL().fmeasure(),
            rouge.rougeLsum().fmeasure(), ExactMatch.score(prediction, references)
        };
    }
}
