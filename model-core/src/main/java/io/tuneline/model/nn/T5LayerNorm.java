package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;

/** T5's RMS norm: scale only, no mean subtraction and no bias; the variance is taken in float32. */
final class T5LayerNorm {

    private final NDArray weight;
    private final float epsilon;

    T5LayerNorm(NDArray weight, float epsilon) {
        this.weight = weight;
        this.epsilon = epsilon;
    }

    NDArray forward(NDArray hidden) {
        int last = hidden.getShape().dimension() - 1;
        NDArray variance = hidden.square().mean(new int[] {last}, true);
        return hidden.div(variance.addi(Ops.constant(epsilon, variance.getDataType())).sqrt()).mul(weight);
    }
}
