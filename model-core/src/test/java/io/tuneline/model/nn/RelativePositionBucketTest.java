package io.tuneline.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class RelativePositionBucketTest {

    private static final long[] DISTANCES = {-500, -128, -9, -8, -1, 0, 1, 7, 8, 127, 500};

    @Test
    void bidirectionalBucketsKeepTheSignAndClampFarDistances() {
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] buckets = T5Attention.relativePositionBucket(manager.create(DISTANCES), true, 32, 128)
                    .toLongArray();
            // 16 buckets per direction: 8 exact, 8 log-spaced up to 128, keys after the query offset by 16
            assertThat(buckets).containsExactly(15, 15, 8, 8, 1, 0, 17, 23, 24, 31, 31);
        }
    }

    @Test
    void causalBucketsTreatTheFutureAsDistanceZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] buckets = T5Attention.relativePositionBucket(manager.create(DISTANCES), false, 32, 128)
                    .toLongArray();
            // 32 buckets for the past: 16 exact, 16 log-spaced up to 128
            assertThat(buckets).containsExactly(31, 31, 9, 8, 1, 0, 0, 0, 0, 0, 0);
        }
    }
}
