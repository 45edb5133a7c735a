package io.tuneline.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class Seq2SeqLossTest {

    @Test
    void shiftsLabelsRightBehindTheStartTokenAndReplacesIgnoredLabels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels = manager.create(new long[] {5, 6, 1, -100, 7, 1, -100, -100}, new Shape(2, 4));
            assertThat(Seq2SeqLoss.shiftRight(labels, 0, 0).toLongArray()).containsExactly(0, 5, 6, 1, 0, 7, 1, 0);
            assertThat(Seq2SeqLoss.shiftRight(labels, 9, 3).toLongArray()).containsExactly(9, 5, 6, 1, 9, 7, 1, 3);
        }
    }

    @Test
    void averagesTheCrossEntropyOverLabelTokensOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] logits = {2f, 0f, -1f, 0f, 0f, 0f, 5f, 5f, 5f};
            NDArray logitsArray = manager.create(logits, new Shape(1, 3, 3));
            NDArray labels = manager.create(new long[] {0, 2, -100}, new Shape(1, 3));
            double first = -(2 - Math.log(Math.exp(2) + Math.exp(0) + Math.exp(-1)));
            double second = Math.log(3);
            assertThat(Seq2SeqLoss.mean(logitsArray, labels).getFloat()).isCloseTo((float) ((first + second) / 2),
                    within(1e-6f));
        }
    }
}
