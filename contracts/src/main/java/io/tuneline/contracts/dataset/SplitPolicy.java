package io.tuneline.contracts.dataset;

/**
 * How a dataset divides its examples into splits, as recorded in every version's manifest: an example's bucket is
 * the first eight bytes of SHA-256(seed + ":" + splitKey) modulo {@link #BUCKETS}, compared with the cumulative
 * shares below (dataset-service's {@code SplitAssigner} does the hashing). A dataset keeps the policy of its first
 * version forever, whatever the service's configuration says later, so an example never changes split.
 *
 * @param seed                  mixed into every hash, so two datasets do not share their test sets by accident
 * @param trainBasisPoints      share of train in 1/10,000
 * @param validationBasisPoints share of validation in 1/10,000; test gets the rest
 */
public record SplitPolicy(String seed, int trainBasisPoints, int validationBasisPoints) {

    public static final int BUCKETS = 10_000;

    public SplitPolicy {
        if (seed == null || seed.isEmpty()) {
            throw new IllegalArgumentException("a split seed is required");
        }
        if (trainBasisPoints < 0 || validationBasisPoints < 0 || trainBasisPoints + validationBasisPoints > BUCKETS) {
            throw new IllegalArgumentException("split ratios must be non-negative and sum to 1");
        }
    }

    /** From ratios such as 0.8/0.1/0.1, which must sum to 1. */
    public static SplitPolicy ofRatios(String seed, double train, double validation, double test) {
        if (train < 0 || validation < 0 || test < 0 || Math.abs(train + validation + test - 1.0) > 1e-6) {
            throw new IllegalArgumentException(
                    "split ratios must be non-negative and sum to 1, got " + train + "/" + validation + "/" + test);
        }
        return new SplitPolicy(seed, (int) Math.round(train * BUCKETS), (int) Math.round(validation * BUCKETS));
    }

    public double trainRatio() {
        return trainBasisPoints / (double) BUCKETS;
    }

    public double validationRatio() {
        return validationBasisPoints / (double) BUCKETS;
    }

    public double testRatio() {
        return (BUCKETS - trainBasisPoints - validationBasisPoints) / (double) BUCKETS;
    }
}
