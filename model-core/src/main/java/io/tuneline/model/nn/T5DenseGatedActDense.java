package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** The gated feed-forward of T5 v1.1 / FLAN-T5: {@code wo(dropout(act(wi_0(x)) * wi_1(x)))}. */
final class T5DenseGatedActDense implements T5FeedForward {

    private final NDArray wi0;
    private final NDArray wi1;
    private final NDArray wo;
    private final String activation;
    private final float dropoutRate;

    T5DenseGatedActDense(Map<String, NDArray> parameters, String prefix, String activation, float dropoutRate) {
        this.wi0 = T5ParameterLayout.require(parameters, prefix + "wi_0.weight");
        this.wi1 = T5ParameterLayout.require(parameters, prefix + "wi_1.weight");
        this.wo = T5ParameterLayout.require(parameters, prefix + "wo.weight");
        this.activation = activation;
        this.dropoutRate = dropoutRate;
    }

    @Override
    public NDArray forward(NDArray hidden, boolean training) {
        NDArray gate = Ops.activation(activation, Ops.linear(hidden, wi0));
        NDArray gated = gate.mul(Ops.linear(hidden, wi1));
        return Ops.linear(Ops.dropout(gated, dropoutRate, training), wo);
    }
}
