package io.tuneline.dataset.split;

import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.validation.ContentHashing;

/**
 * Deterministic assignment of examples to splits. An example's bucket is the first eight bytes of
 * SHA-256(seed + ":" + splitKey) modulo 10,000, compared with the cumulative ratios; nothing else about the dataset
 * enters, so an example's split never changes as the dataset grows. A dataset keeps the policy of its first
 * version forever (it is recorded in every manifest), whatever the service's configuration says later.
 *
 * @param seed            mixed into every hash, so two datasets do not share their test sets by accident
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

    public Split assign(Example example) {
        return assign(example.splitKey());
    }

    public Split assign(String splitKey) {
        int bucket = bucket(splitKey);
        if (bucket < trainBasisPoints) {
            return Split.TRAIN;
        }
        return bucket < trainBasisPoints + validationBasisPoints ? Split.VALIDATION : Split.TEST;
    }

    int bucket(String splitKey) {
        long prefix = ContentHashing.leadingLong(ContentHashing.sha256(seed + ":" + splitKey));
        return (int) Long.remainderUnsigned(prefix, BUCKETS);
    }
}
