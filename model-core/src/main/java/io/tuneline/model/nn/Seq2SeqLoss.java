package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Token-level cross-entropy of a seq2seq model, with Hugging Face's -100 convention for ignored labels. */
public final class Seq2SeqLoss {

    /** Label value that contributes nothing to the loss (padding). */
    public static final long IGNORE_INDEX = -100;

    private Seq2SeqLoss() {
    }

    /** Mean negative log-likelihood over the label tokens that are not {@link #IGNORE_INDEX}. */
    public static NDArray mean(NDArray logits, NDArray labels) {
        NDArray valid = labels.neq(IGNORE_INDEX).toType(DataType.FLOAT32, false);
        return sumOverValid(logits, labels, valid).div(valid.sum());
    }

    /**
     * Decoder input ids for teacher forcing: labels {@code [B, T]} shifted one position right, the start
     * token in front, ignored labels replaced by the pad id ({@link T5ForConditionalGeneration#shiftRight}).
     */
    static NDArray shiftRight(NDArray labels, long decoderStartTokenId, long padTokenId) {
        NDManager manager = labels.getManager();
        long batch = labels.getShape().get(0);
        NDArray start = manager.full(new Shape(batch, 1), decoderStartTokenId, DataType.INT64);
        NDArray shifted = start.concat(labels.get(new NDIndex(":, :-1")).toType(DataType.INT64, false), 1);
        // -100 + (pad + 100) = pad; other ids are left as they are.
        NDArray ignored = shifted.eq(IGNORE_INDEX).toType(DataType.INT64, false);
        return shifted.add(ignored.mul(padTokenId - IGNORE_INDEX));
    }

    private static NDArray sumOverValid(NDArray logits, NDArray labels, NDArray valid) {
        NDArray targets = labels.toType(DataType.INT64, false).maximum(0L).expandDims(-1);
        NDArray logProbabilities = logits.logSoftmax(-1).gather(targets, -1).squeeze(-1);
        return logProbabilities.mul(valid).sum().neg();
    }
}
