package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** The gated feed-forward of T5 v1.1 / FLAN-T5: {@code wo(dropout(act(wi_0(x)) * wi_1(x)))}. */
final class T5DenseGatedActDense implements T5FeedForward {

    private final Linear wi0;
    private final Linear wi1;
    private final Linear wo;
    /** Inference only, in a fused view: wi_0|wi_1 stacked, one matrix product instead of two; else null. */
    private final NDArray fusedWi;
    private final String activation;
    private final float dropoutRate;

    T5DenseGatedActDense(T5Weights weights, String prefix, String activation, float dropoutRate) {
        this.wi0 = weights.linear(prefix + "wi_0");
        this.wi1 = weights.linear(prefix + "wi_1");
        this.wo = weights.linear(prefix + "wo");
        this.fusedWi = weights.fusedLinearWeight(prefix + "wi_0", prefix + "wi_1");
        this.activation = activation;
        this.dropoutRate = dropoutRate;
    }

    @Override
    public NDArray forward(NDArray hidden, boolean training) {
        if (fusedWi != null && !training) {
            NDList both = Ops.splitLastAxis(Ops.linear(hidden, fusedWi), 2);
            return wo.forward(Ops.activation(activation, both.get(0)).mul(both.get(1)), false);
        }
        NDArray gate = Ops.activation(activation, wi0.forward(hidden, training));
        NDArray gated = gate.mul(wi1.forward(hidden, training));
        return wo.forward(Ops.dropout(gated, dropoutRate, training), training);
    }
}
