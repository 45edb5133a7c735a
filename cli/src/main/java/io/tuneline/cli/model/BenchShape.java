package io.tuneline.cli.model;

import io.tuneline.model.config.T5Config;

/** A model shape the benchmark runs, and how many weight multiply-adds each token costs on it. */
record BenchShape(String name, T5Config config) {

    static final BenchShape SMALL = new BenchShape("small", T5Config.flanT5SmallShape());
    static final BenchShape TINY = new BenchShape("tiny", new T5Config(8192, 256, 32, 512, 4, 4, 8, 32, 128, 0.1f,
            1e-6f, 1.0f, "gelu_new", true, false, false, 0, 1, 0));

    /** Weights of the encoder's matrix multiplications (attention q/k/v/o and the feed-forward). */
    long encoderWeights() {
        return config.numLayers() * (4L * attentionWeights() + feedForwardWeights());
    }

    /** Weights of the decoder's matrix multiplications (self and cross attention, feed-forward) and the lm head. */
    long decoderWeights() {
        return config.numDecoderLayers() * (8L * attentionWeights() + feedForwardWeights())
                + (long) config.dModel() * config.vocabSize();
    }

    /**
     * Floating-point operations of {@code passes} (2 for a forward, 6 for forward + backward) over the tokens,
     * counting each weight once per token it processes: encoder weights on encoder tokens, decoder weights and
     * lm head on decoder tokens. Attention scores and embeddings are not counted.
     */
    double flops(int passes, long encoderTokens, long decoderTokens) {
        return (double) passes * (encoderWeights() * encoderTokens + decoderWeights() * decoderTokens);
    }

    private long attentionWeights() {
        return (long) config.dModel() * config.numHeads() * config.dKv();
    }

    private long feedForwardWeights() {
        return (config.gatedActivation() ? 3L : 2L) * config.dModel() * config.dFf();
    }
}
