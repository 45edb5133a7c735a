package io.tuneline.eval.evaluation;

import java.util.List;
import java.util.Map;

/** The metrics an evaluation reports per example, by the names rouge-score and Hugging Face use. */
public final class Metric {

    public static final String ROUGE1 = "rouge1";
    public static final String ROUGE2 = "rouge2";
    public static final String ROUGE_L = "rougeL";
    public static final String ROUGE_LSUM = "rougeLsum";
    /** 1 when prediction and a reference are equal after normalisation (case, whitespace, trailing punctuation). */
    public static final String EXACT_MATCH = "exactMatch";

    /** Every metric of a test split, in report order. */
    public static final List<String> ALL = List.of(ROUGE1, ROUGE2, ROUGE_L, ROUGE_LSUM, EXACT_MATCH);

    private static final Map<String, String> LABELS = Map.of(ROUGE1, "ROUGE-1", ROUGE2, "ROUGE-2", ROUGE_L, "ROUGE-L",
            ROUGE_LSUM, "ROUGE-Lsum", EXACT_MATCH, "accuracy");

    private Metric() {
    }

    public static boolean isKnown(String metric) {
        return LABELS.containsKey(metric);
    }

    /** How a person reads the metric's name: {@code ROUGE-L}, {@code accuracy}. */
    public static String label(String metric) {
        return LABELS.getOrDefault(metric, metric);
    }

    /** Refuses a metric name no scorer produces, naming the ones that exist. */
    public static String require(String metric) {
        if (!isKnown(metric)) {
            throw new IllegalArgumentException("unknown metric '" + metric + "'; known: " + ALL);
        }
        return metric;
    }
}
