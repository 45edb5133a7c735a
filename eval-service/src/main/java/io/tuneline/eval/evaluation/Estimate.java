package io.tuneline.eval.evaluation;

/** A point estimate with its confidence interval (seeded percentile bootstrap, 95 % unless configured). */
public record Estimate(double value, double lower, double upper) {

    public static Estimate exact(double value) {
        return new Estimate(value, value, value);
    }
}
