package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import io.tuneline.model.config.T5Config;

/** Pre-norm residual attention of the decoder over the encoder output (no position bias, only the mask). */
final class T5LayerCrossAttention {

    private final T5LayerNorm layerNorm;
    private final T5Attention attention;
    private final float dropoutRate;

    T5LayerCrossAttention(T5Config config, T5Weights weights, String prefix, int layerIndex) {
        this.layerNorm = new T5LayerNorm(
                weights.require(prefix + "layer_norm.weight"), config.layerNormEpsilon());
        this.attention = new T5Attention(config, weights, prefix + "EncDecAttention.", true, layerIndex, true);
        this.dropoutRate = config.dropoutRate();
    }

    T5Attention attention() {
        return attention;
    }

    NDArray forward(NDArray hidden, NDArray encoderHidden, NDArray encoderMaskBias, DecoderCache cache,
            boolean training) {
        NDArray update = attention.forward(layerNorm.forward(hidden), encoderHidden, encoderMaskBias, cache,
                training);
        return hidden.add(Ops.dropout(update, dropoutRate, training));
    }
}
