package io.tuneline.eval.evaluation;

import io.tuneline.evaluation.stats.ConfidenceInterval;

/**
 * One metric of one task, the candidate next to the model it is measured against ({@code reference}), with the
 * paired difference {@code candidate − reference} and its interval.
 */
public record Comparison(String task, String metric, double reference, double candidate,
                         ConfidenceInterval difference) {

    /** The change relative to the reference's score ({@code −0.12} = 12 % worse); 0 when the reference is 0. */
    public double relativeChange() {
        return reference == 0 ? 0 : difference.estimate() / reference;
    }
}
