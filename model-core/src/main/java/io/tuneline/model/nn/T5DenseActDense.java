package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** The plain feed-forward of original T5: {@code wo(dropout(act(wi(x))))}. */
final class T5DenseActDense implements T5FeedForward {

    private final NDArray wi;
    private final NDArray wo;
    private final String activation;
    private final float dropoutRate;

    T5DenseActDense(Map<String, NDArray> parameters, String prefix, String activation, float dropoutRate) {
        this.wi = T5ParameterLayout.require(parameters, prefix + "wi.weight");
        this.wo = T5ParameterLayout.require(parameters, prefix + "wo.weight");
        this.activation = activation;
        this.dropoutRate = dropoutRate;
    }

    @Override
    public NDArray forward(NDArray hidden, boolean training) {
        NDArray activated = Ops.activation(activation, Ops.linear(hidden, wi));
        return Ops.linear(Ops.dropout(activated, dropoutRate, training), wo);
    }
}
