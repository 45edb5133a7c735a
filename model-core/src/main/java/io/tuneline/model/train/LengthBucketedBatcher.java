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
        List<Seq2SeqBatch> batches = new ArrayList<>();
        for (int[] batch : batchOrder(examples, epoch)) {
            List<Seq2SeqExample> members = new ArrayList<>(batch.length);
            for (int index : batch) {
                members.add(examples.get(index));
            }
            batches.add(Seq2SeqBatch.of(members));
        }
        return batches;
    }

    /**
     * The same batches as {@link #batches} as indices into {@code examples}, for callers that need to know which
     * examples a batch holds (e.g. to name them when its loss is not finite).
     */
    public List<int[]> batchOrder(List<Seq2SeqExample> examples, int epoch) {
        Random random = new Random(seed * 31 + epoch);
        List<Integer> shuffled = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, random);
        Comparator<Integer> byLength = Comparator.<Integer>comparingInt(i -> examples.get(i).inputIds().length)
                .thenComparingInt(i -> examples.get(i).labels().length);
        List<int[]> batches = new ArrayList<>();
        int window = batchSize * WINDOW_BATCHES;
        for (int start = 0; start < shuffled.size(); start += window) {
            List<Integer> bucket = new ArrayList<>(shuffled.subList(start, Math.min(shuffled.size(), start + window)));
            bucket.sort(byLength);
            for (int from = 0; from < bucket.size(); from += batchSize) {
                batches.add(bucket.subList(from, Math.min(bucket.size(), from + batchSize)).stream()
                        .mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }
}
