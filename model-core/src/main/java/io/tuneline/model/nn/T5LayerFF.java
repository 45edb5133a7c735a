package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import io.tuneline.model.config.T5Config;

/** Pre-norm residual feed-forward sub-layer: {@code x + dropout(ff(norm(x)))}. */
final class T5LayerFF {

    private final T5LayerNorm layerNorm;
    private final T5FeedForward feedForward;
    private final float dropoutRate;

    T5LayerFF(T5Config config, T5Weights weights, String prefix) {
        this.layerNorm = new T5LayerNorm(
                weights.require(prefix + "layer_norm.weight"), config.layerNormEpsilon());
        String dense = prefix + "DenseReluDense.";
        this.feedForward = config.gatedActivation()
                ? new T5DenseGatedActDense(weights, dense, config.denseActivation(), config.dropoutRate())
                : new T5DenseActDense(weights, dense, config.denseActivation(), config.dropoutRate());
        this.dropoutRate = config.dropoutRate();
    }

    NDArray forward(NDArray hidden, boolean training) {
        NDArray update = feedForward.forward(layerNorm.forward(hidden), training);
        return hidden.add(Ops.dropout(update, dropoutRate, training));
    }
}
