package io.tuneline.eval.evaluation;

import io.tuneline.evaluation.metrics.Metric;

/**
 * The promotion rules (eval-service README, "The promotion gate").
 *
 * @param targetMetric        the metric the candidate must improve
 * @param margin              the smallest mean gain of {@code targetMetric} that promotes (absolute), with the lower
 *                            bound of the gain's interval above zero
 * @param forgettingTolerance one held-out task counts as forgotten when its drop, relative to the base model's score,
 *                            is beyond this tolerance <em>with confidence</em>: the whole interval of its change lies
 *                            below {@code −tolerance} (0.05 = 5 %). A drop within the noise of a few answers is not
 *                            a reason to reject.
 * @param suiteTolerance      the largest drop of the whole held-out suite (the sum of every task's score, relative to
 *                            the base model's sum, point estimate) that still promotes: broad forgetting spread over
 *                            many tasks, none of them confidently beyond its tolerance, is rejected by this rule
 */
public record GatePolicy(Metric targetMetric, double margin, double forgettingTolerance, double suiteTolerance) {

    public GatePolicy {
        if (targetMetric == null) {
            throw new IllegalArgumentException("the gate needs a target metric");
        }
        if (margin < 0 || Double.isNaN(margin)) {
            throw new IllegalArgumentException("margin must not be negative, got " + margin);
        }
        requireFraction("forgetting tolerance", forgettingTolerance);
        requireFraction("suite tolerance", suiteTolerance);
    }

    /** The same tolerance for each task and for the suite. */
    public GatePolicy(Metric targetMetric, double margin, double forgettingTolerance) {
        this(targetMetric, margin, forgettingTolerance, forgettingTolerance);
    }

    private static void requireFraction(String name, double value) {
        if (value < 0 || value > 1 || Double.isNaN(value)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
