package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * The result of a teacher-forced pass over a labelled batch.
 *
 * @param loss mean cross-entropy over the label tokens (scalar)
 * @param logits {@code [B, T, vocab]}
 * @param encoderLastHiddenState {@code [B, S, d_model]}
 */
public record ForwardOutput(NDArray loss, NDArray logits, NDArray encoderLastHiddenState) {
}
