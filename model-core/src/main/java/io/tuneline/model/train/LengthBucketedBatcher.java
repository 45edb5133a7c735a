package io.tuneline.model.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups examples of similar length into batches so little compute goes to padding, while keeping the order
 * random: shuffle, cut into windows of {@value #WINDOW_BATCHES} batches, sort each window by length, cut
 * into batches, shuffle the batches. The same seed and epoch give the same batches.
 */
public final class LengthBucketedBatcher {

    static final int WINDOW_BATCHES = 50;

    private final int batchSize;
    private final long seed;

    public LengthBucketedBatcher(int batchSize, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** The padded batches of one pass over {@code examples}; the last batch may be smaller. */
    public List<Seq2SeqBatch> batches(List<Seq2SeqExample> examples, int epoch) {
        Random random = new Random(seed * 31 + epoch);
        List<Seq2SeqExample> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, random);
        Comparator<Seq2SeqExample> byLength = Comparator.<Seq2SeqExample>comparingInt(e -> e.inputIds().length)
                .thenComparingInt(e -> e.labels().length);
        List<Seq2SeqBatch> batches = new ArrayList<>();
        int window = batchSize * WINDOW_BATCHES;
        for (int start = 0; start < shuffled.size(); start += window) {
            List<Seq2SeqExample> bucket = new ArrayList<>(shuffled.subList(start,
                    Math.min(shuffled.size(), start + window)));
            bucket.sort(byLength);
            for (int from = 0; from < bucket.size(); from += batchSize) {
                batches.add(Seq2SeqBatch.of(bucket.subList(from, Math.min(bucket.size(), from + batchSize))));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }
}
