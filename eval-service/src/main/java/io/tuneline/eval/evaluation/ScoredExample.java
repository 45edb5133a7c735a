package io.tuneline.eval.evaluation;

import java.util.Map;

/** What one model generated for one example and its score on every metric (see {@link Metric}). */
public record ScoredExample(String exampleId, String prediction, Map<String, Double> scores) {

    public ScoredExample {
        scores = Map.copyOf(scores);
    }

    public double score(String metric) {
        Double value = scores.get(metric);
        if (value == null) {
            throw new IllegalArgumentException("example " + exampleId + " has no " + metric + " score");
        }
        return value;
    }
}
