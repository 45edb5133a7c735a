package io.tuneline.eval.evaluation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded percentile bootstrap over examples. The difference of two models is resampled <em>paired</em> (the same
 * examples for both), so the interval reflects how consistently the candidate wins, not how hard the examples are.
 */
public record PairedBootstrap(int samples, double confidence, long seed) {

    public PairedBootstrap {
        if (samples < 1) {
            throw new IllegalArgumentException("bootstrap samples must be at least 1");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1)");
        }
    }

    /** The mean of {@code values} with its interval. */
    public Estimate mean(double[] values) {
        return meanDifference(values, new double[values.length]);
    }

    /** The mean of {@code candidate[i] − reference[i]} with its interval. */
    public Estimate meanDifference(double[] candidate, double[] reference) {
        if (candidate.length != reference.length) {
            throw new IllegalArgumentException("paired scores differ in length: " + candidate.length + " vs "
                    + reference.length);
        }
        int n = candidate.length;
        if (n == 0) {
            return Estimate.exact(0);
        }
        double[] differences = new double[n];
        for (int i = 0; i < n; i++) {
            differences[i] = candidate[i] - reference[i];
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[samples];
        for (int s = 0; s < samples; s++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += differences[random.nextInt(n)];
            }
            means[s] = sum / n;
        }
        Arrays.sort(means);
        double tail = (1 - confidence) / 2;
        return new Estimate(average(differences), percentile(means, tail), percentile(means, 1 - tail));
    }

    static double average(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    /** Linear interpolation between the closest ranks, as numpy's default percentile. */
    static double percentile(double[] sorted, double quantile) {
        double position = quantile * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
