package io.tuneline.evaluation.stats;

/**
 * A statistic with its bootstrap percentile interval.
 *
 * @param estimate the statistic on the full sample (a mean, or a mean difference)
 * @param lower    lower bound (2.5th percentile of the resampled statistic for a 95 % interval)
 * @param upper    upper bound
 */
public record ConfidenceInterval(double estimate, double lower, double upper) {

    /** True when the whole interval lies above zero (a difference that is very likely a real gain). */
    public boolean excludesZeroAbove() {
        return lower > 0;
    }

    /** True when the whole interval lies below zero (very likely a real loss). */
    public boolean excludesZeroBelow() {
        return upper < 0;
    }
}
