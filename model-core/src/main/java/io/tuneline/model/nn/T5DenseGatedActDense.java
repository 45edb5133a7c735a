package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;

/** The gated feed-forward of T5 v1.1 / FLAN-T5: {@code wo(dropout(act(wi_0(x)) * wi_1(x)))}. */
final class T5DenseGatedActDense implements T5FeedForward {

    private final Linear wi0;
    private final Linear wi1;
    private final Linear wo;
    private final String activation;
    private final float dropoutRate;

    T5DenseGatedActDense(T5Weights weights, String prefix, String activation, float dropoutRate) {
        this.wi0 = weights.linear(prefix + "wi_0");
        this.wi1 = weights.linear(prefix + "wi_1");
        this.wo = weights.linear(prefix + "wo");
        this.activation = activation;
        this.dropoutRate = dropoutRate;
    }

    @Override
    public NDArray forward(NDArray hidden, boolean training) {
        NDArray gate = Ops.activation(activation, wi0.forward(hidden, training));
        NDArray gated = gate.mul(wi1.forward(hidden, training));
        return wo.forward(Ops.dropout(gated, dropoutRate, training), training);
    }
}
