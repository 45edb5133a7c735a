package io.tuneline.eval.evaluation;

import io.tuneline.evaluation.metrics.Metric;

/**
 * The promotion rules: the candidate's {@code targetMetric} must beat the reference by at least {@code margin}
 * (absolute, on the mean) with the lower bound of the difference's interval above zero, and no held-out task may
 * drop by more than {@code forgettingTolerance} (relative: 0.05 = 5 % of the reference's score).
 */
public record GatePolicy(Metric targetMetric, double margin, double forgettingTolerance) {

    public GatePolicy {
        if (targetMetric == null) {
            throw new IllegalArgumentException("the gate needs a target metric");
        }
        if (margin < 0 || Double.isNaN(margin)) {
            throw new IllegalArgumentException("margin must not be negative, got " + margin);
        }
        if (forgettingTolerance < 0 || forgettingTolerance > 1 || Double.isNaN(forgettingTolerance)) {
            throw new IllegalArgumentException("forgetting tolerance must be in [0, 1], got " + forgettingTolerance);
        }
    }
}
