package io.tuneline.model.serve;

import java.time.Duration;

/**
 * How {@link ContinuousBatcher} forms batches.
 *
 * @param maxBatchSize rows decoded together at most; 1 serves one request at a time (continuous batching off)
 * @param maxWait      how long an idle engine waits for more requests before it starts a new batch
 * @param maxQueue     requests waiting for a slot at most; more are refused with {@link QueueFullException}
 */
public record BatchingConfig(int maxBatchSize, Duration maxWait, int maxQueue) {

    public BatchingConfig {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be at least 1");
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("max wait must not be negative");
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("max queue must not be negative");
        }
    }

    /** One request at a time: the baseline continuous batching is measured against. */
    public static BatchingConfig oneAtATime(int maxQueue) {
        return new BatchingConfig(1, Duration.ZERO, maxQueue);
    }
}
