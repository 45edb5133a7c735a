package io.tuneline.evaluation.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum of one prediction (or their corpus mean). */
public record RougeScores(RougeScore rouge1, RougeScore rouge2, RougeScore rougeL, RougeScore rougeLsum) {

    public RougeScore get(RougeType type) {
        return switch (type) {
            case ROUGE1 -> rouge1;
            case ROUGE2 -> rouge2;
            case ROUGE_L -> rougeL;
            case ROUGE_LSUM -> rougeLsum;
        };
    }

    /** F-measures by rouge-score's names, in the order rouge1, rouge2, rougeL, rougeLsum. */
    public Map<String, Double> fmeasures() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (RougeType type : RougeType.values()) {
            values.put(type.key(), get(type).fmeasure());
        }
        return values;
    }
}
