package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import io.tuneline.model.config.T5Config;

/** One transformer block: self-attention, cross-attention (decoder only), feed-forward. */
final class T5Block {

    private final T5LayerSelfAttention selfAttention;
    private final T5LayerCrossAttention crossAttention;
    private final T5LayerFF feedForward;

    T5Block(T5Config config, T5Weights weights, String prefix, boolean decoder, int layerIndex) {
        this.selfAttention = new T5LayerSelfAttention(config, weights, prefix + "layer.0.", !decoder, layerIndex);
        this.crossAttention = decoder ? new T5LayerCrossAttention(config, weights, prefix + "layer.1.", layerIndex)
                : null;
        this.feedForward = new T5LayerFF(config, weights, prefix + "layer." + (decoder ? 2 : 1) + ".");
    }

    T5Attention selfAttention() {
        return selfAttention.attention();
    }

    void prefillCrossAttention(NDArray encoderHidden, DecoderCache cache) {
        crossAttention.attention().prefillCrossKeysValues(encoderHidden, cache);
    }

    NDArray forward(NDArray hidden, NDArray selfBias, NDArray encoderHidden, NDArray encoderMaskBias,
            DecoderCache cache, boolean training) {
        NDArray out = selfAttention.forward(hidden, selfBias, cache, training);
        if (crossAttention != null) {
            out = crossAttention.forward(out, encoderHidden, encoderMaskBias, cache, training);
        }
        return feedForward.forward(out, training);
    }
}
