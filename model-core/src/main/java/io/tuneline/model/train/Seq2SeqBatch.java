package io.tuneline.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tuneline.model.nn.Seq2SeqLoss;
import java.util.Arrays;
import java.util.List;

/**
 * A padded batch, kept as host arrays until a step turns it into NDArrays in its own manager. Inputs are
 * padded with the pad id 0 (mask 0), labels with {@link Seq2SeqLoss#IGNORE_INDEX}.
 */
public record Seq2SeqBatch(long[] inputIds, long[] attentionMask, long[] labels, int size, int inputLength,
        int labelLength) {

    /** Pads the examples to the longest input and the longest label sequence among them. */
    public static Seq2SeqBatch of(List<Seq2SeqExample> examples) {
        int size = examples.size();
        int inputLength = examples.stream().mapToInt(e -> e.inputIds().length).max().orElseThrow();
        int labelLength = examples.stream().mapToInt(e -> e.labels().length).max().orElseThrow();
        long[] inputIds = new long[size * inputLength];
        long[] mask = new long[size * inputLength];
        long[] labels = new long[size * labelLength];
        Arrays.fill(labels, Seq2SeqLoss.IGNORE_INDEX);
        for (int row = 0; row < size; row++) {
            Seq2SeqExample example = examples.get(row);
            System.arraycopy(example.inputIds(), 0, inputIds, row * inputLength, example.inputIds().length);
            Arrays.fill(mask, row * inputLength, row * inputLength + example.inputIds().length, 1L);
            System.arraycopy(example.labels(), 0, labels, row * labelLength, example.labels().length);
        }
        return new Seq2SeqBatch(inputIds, mask, labels, size, inputLength, labelLength);
    }

    /** Number of label tokens that count in the loss. */
    public int labelTokenCount() {
        return (int) Arrays.stream(labels).filter(id -> id != Seq2SeqLoss.IGNORE_INDEX).count();
    }

    public NDArray inputIdsArray(NDManager manager) {
        return manager.create(inputIds, new Shape(size, inputLength));
    }

    public NDArray attentionMaskArray(NDManager manager) {
        return manager.create(attentionMask, new Shape(size, inputLength));
    }

    public NDArray labelsArray(NDManager manager) {
        return manager.create(labels, new Shape(size, labelLength));
    }
}
