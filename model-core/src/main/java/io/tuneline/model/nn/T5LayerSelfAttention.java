package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import io.tuneline.model.config.T5Config;

/** Pre-norm residual self-attention sub-layer: {@code x + dropout(attention(norm(x)))}. */
final class T5LayerSelfAttention {

    private final T5LayerNorm layerNorm;
    private final T5Attention attention;
    private final float dropoutRate;

    T5LayerSelfAttention(T5Config config, T5Weights weights, String prefix, boolean bidirectional,
            int layerIndex) {
        this.layerNorm = new T5LayerNorm(
                weights.require(prefix + "layer_norm.weight"), config.layerNormEpsilon());
        this.attention = new T5Attention(config, weights, prefix + "SelfAttention.", bidirectional, layerIndex,
                false);
        this.dropoutRate = config.dropoutRate();
    }

    T5Attention attention() {
        return attention;
    }

    NDArray forward(NDArray hidden, NDArray bias, DecoderCache cache, boolean training) {
        NDArray update = attention.forward(layerNorm.forward(hidden), null, bias, cache, training);
        return hidden.add(Ops.dropout(update, dropoutRate, training));
    }
}
