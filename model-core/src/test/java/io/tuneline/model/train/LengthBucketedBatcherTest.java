package io.tuneline.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthBucketedBatcherTest {

    @Test
    void padsInputsWithZeroAndLabelsWithIgnoreIndex() {
        Seq2SeqBatch batch = Seq2SeqBatch.of(List.of(
                new Seq2SeqExample(new long[] {4, 5, 1}, new long[] {7, 1}),
                new Seq2SeqExample(new long[] {6, 1}, new long[] {8, 9, 1})));
        assertThat(batch.inputIds()).containsExactly(4, 5, 1, 6, 1, 0);
        assertThat(batch.attentionMask()).containsExactly(1, 1, 1, 1, 1, 0);
        assertThat(batch.labels()).containsExactly(7, 1, -100, 8, 9, 1);
        assertThat(batch.labelTokenCount()).isEqualTo(5);
    }

    @Test
    void coversEveryExampleOnceWithSimilarLengthsAndIsDeterministic() {
        List<Seq2SeqExample> examples = examples(1000);
        LengthBucketedBatcher batcher = new LengthBucketedBatcher(8, 7);
        List<Seq2SeqBatch> batches = batcher.batches(examples, 0);
        assertThat(batches).hasSize(125);
        assertThat(batches.stream().mapToInt(Seq2SeqBatch::size).sum()).isEqualTo(1000);
        List<Long> firstTokens = new ArrayList<>();
        long paddedTokens = 0;
        for (Seq2SeqBatch batch : batches) {
            for (int row = 0; row < batch.size(); row++) {
                firstTokens.add(batch.inputIds()[row * batch.inputLength()]);
            }
            paddedTokens += (long) batch.size() * batch.inputLength();
        }
        assertThat(firstTokens).doesNotHaveDuplicates();
        long realTokens = examples.stream().mapToLong(e -> e.inputIds().length).sum();
        assertThat((double) paddedTokens / realTokens).as("padding overhead").isLessThan(1.05);

        List<Seq2SeqBatch> again = batcher.batches(examples, 0);
        for (int i = 0; i < batches.size(); i++) {
            assertThat(again.get(i).inputIds()).isEqualTo(batches.get(i).inputIds());
            assertThat(again.get(i).labels()).isEqualTo(batches.get(i).labels());
        }
        assertThat(batcher.batches(examples, 1).get(0).inputIds()).isNotEqualTo(batches.get(0).inputIds());
    }

    /** Examples whose first token is a unique id and whose lengths vary from 5 to 200. */
    private static List<Seq2SeqExample> examples(int count) {
        Random random = new Random(3);
        List<Seq2SeqExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long[] input = new long[5 + random.nextInt(196)];
            input[0] = 1000 + i;
            examples.add(new Seq2SeqExample(input, new long[1 + random.nextInt(30)]));
        }
        return examples;
    }
}
