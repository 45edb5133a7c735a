package io.tuneline.model.serve;

import java.time.Duration;

/**
 * How {@link ContinuousBatcher} forms batches.
 *
 * @param maxBatchSize rows decoded together at most; 1 serves one request at a time (continuous batching off)
 * @param maxWait      how long an idle engine waits for more requests before it starts a new batch
 * @param maxQueue     requests waiting for a slot at most; more are refused with {@link QueueFullException}
 * @param threads      libtorch threads of the engine's thread (0 keeps libtorch's default). On shared cores one
 *                     thread decodes faster: a batch's larger ops run in parallel regions that wait for a second,
 *                     sleeping OpenMP thread to be scheduled, for every op of every step
 */
public record BatchingConfig(int maxBatchSize, Duration maxWait, int maxQueue, int threads) {

    public BatchingConfig {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be at least 1");
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("max wait must not be negative");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must not be negative");
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("max queue must not be negative");
        }
    }

    /** One request at a time: the baseline continuous batching is measured against. */
    public static BatchingConfig oneAtATime(int maxQueue, int threads) {
        return new BatchingConfig(1, Duration.ZERO, maxQueue, threads);
    }
}
