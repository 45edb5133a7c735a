package io.tuneline.evaluation.metrics;

import java.util.Arrays;

/** The ROUGE variants, named as rouge-score and Hugging Face {@code evaluate} name them. */
public enum RougeType {
    ROUGE1("rouge1"),
    ROUGE2("rouge2"),
    ROUGE_L("rougeL"),
    ROUGE_LSUM("rougeLsum");

    private final String key;

    RougeType(String key) {
        this.key = key;
    }

    /** The name in rouge-score's results and in our JSON ({@code rouge1}, ..., {@code rougeLsum}). */
    public String key() {
        return key;
    }

    public static RougeType fromKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown rouge type '" + key + "'; expected rouge1, rouge2, rougeL or rougeLsum"));
    }
}
