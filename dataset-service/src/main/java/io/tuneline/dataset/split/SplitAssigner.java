package io.tuneline.dataset.split;

import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.validation.ContentHashing;

/**
 * Deterministic assignment of examples to splits under a dataset's {@link SplitPolicy}. An example's bucket is the
 * first eight bytes of SHA-256(seed + ":" + splitKey) modulo {@link SplitPolicy#BUCKETS}, compared with the
 * cumulative shares; nothing else about the dataset enters, so an example's split never changes as the dataset
 * grows.
 */
public record SplitAssigner(SplitPolicy policy) {

    public SplitAssigner {
        if (policy == null) {
            throw new IllegalArgumentException("a split policy is required");
        }
    }

    public Split assign(Example example) {
        return assign(example.splitKey());
    }

    public Split assign(String splitKey) {
        int bucket = bucket(splitKey);
        if (bucket < policy.trainBasisPoints()) {
            return Split.TRAIN;
        }
        return bucket < policy.trainBasisPoints() + policy.validationBasisPoints() ? Split.VALIDATION : Split.TEST;
    }

    int bucket(String splitKey) {
        long prefix = ContentHashing.leadingLong(ContentHashing.sha256(policy.seed() + ":" + splitKey));
        return (int) Long.remainderUnsigned(prefix, SplitPolicy.BUCKETS);
    }
}
