package io.tuneline.evaluation.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded percentile bootstrap of a mean and of a paired mean difference. The same seed and data always give the
 * same interval. Paired: every resample draws the same example indices for both models, so the interval of the
 * difference reflects per-example differences, not the spread between examples.
 *
 * @param resamples number of bootstrap resamples (1000 is rouge-score's and common practice)
 * @param level     coverage, e.g. 0.95
 * @param seed      seed of the resampling
 */
public record Bootstrap(int resamples, double level, long seed) {

    public Bootstrap {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1)");
        }
    }

    public static Bootstrap defaults() {
        return new Bootstrap(1000, 0.95, 42);
    }

    /** The mean of {@code values} with its interval. */
    public ConfidenceInterval mean(double[] values) {
        requireNotEmpty(values);
        return meanDifference(values, new double[values.length]);
    }

    /** The mean of {@code candidate[i] - base[i]} with its paired interval. */
    public ConfidenceInterval pairedDifference(double[] base, double[] candidate) {
        requireNotEmpty(base);
        if (base.length != candidate.length) {
            throw new IllegalArgumentException("paired samples differ in size: " + base.length + " vs "
                    + candidate.length);
        }
        return meanDifference(candidate, base);
    }

    private ConfidenceInterval meanDifference(double[] values, double[] subtract) {
        int n = values.length;
        double[] differences = new double[n];
        for (int i = 0; i < n; i++) {
            differences[i] = values[i] - subtract[i];
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += differences[random.nextInt(n)];
            }
            means[b] = sum / n;
        }
        Arrays.sort(means);
        double alpha = (1 - level) / 2;
        return new ConfidenceInterval(average(differences), percentile(means, alpha), percentile(means, 1 - alpha));
    }

    private static double average(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** numpy's default ("linear") percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    private static void requireNotEmpty(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a bootstrap needs at least one value");
        }
    }
}
