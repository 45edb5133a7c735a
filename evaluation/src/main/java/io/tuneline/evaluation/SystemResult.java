package io.tuneline.evaluation;

import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One evaluated system — a model with a number of in-context examples — and its corpus scores.
 *
 * @param name              e.g. {@code "base"}, {@code "base 3-shot"}, {@code "candidate"}
 * @param model             the model's name
 * @param shots             in-context examples asked for (0 for zero-shot)
 * @param meanShotsUsed     in-context examples that fit the input limit, averaged over the examples
 * @param metrics           each metric's mean with its bootstrap interval, by metric key
 * @param differenceToBase  each metric's paired difference to the zero-shot base (absent for the base itself)
 * @param generationSeconds wall time spent generating the test set's outputs
 */
public record SystemResult(String name, String model, int shots, double meanShotsUsed,
                           Map<String, ConfidenceInterval> metrics, Map<String, ConfidenceInterval> differenceToBase,
                           double generationSeconds) {

    /** Each metric's corpus mean by metric key (no intervals), e.g. for {@code EvaluationCompleted}'s score maps. */
    public Map<String, Double> means() {
        Map<String, Double> means = new LinkedHashMap<>();
        metrics.forEach((metric, interval) -> means.put(metric, interval.estimate()));
        return means;
    }
}
