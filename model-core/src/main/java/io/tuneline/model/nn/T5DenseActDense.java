package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;

/** The plain feed-forward of original T5: {@code wo(dropout(act(wi(x))))}. */
final class T5DenseActDense implements T5FeedForward {

    private final Linear wi;
    private final Linear wo;
    private final String activation;
    private final float dropoutRate;

    T5DenseActDense(T5Weights weights, String prefix, String activation, float dropoutRate) {
        this.wi = weights.linear(prefix + "wi");
        this.wo = weights.linear(prefix + "wo");
        this.activation = activation;
        this.dropoutRate = dropoutRate;
    }

    @Override
    public NDArray forward(NDArray hidden, boolean training) {
        NDArray activated = Ops.activation(activation, wi.forward(hidden, training));
        return wo.forward(Ops.dropout(activated, dropoutRate, training), training);
    }
}
