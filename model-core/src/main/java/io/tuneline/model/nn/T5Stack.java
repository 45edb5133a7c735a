package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.tuneline.model.config.T5Config;

/**
 * The encoder or the decoder: token embedding (the shared table), the blocks, a final RMS norm. The
 * relative position bias is computed once by the first block's attention and reused by every block.
 */
final class T5Stack {

    private final NDArray embedTokens;
    private final T5Block[] blocks;
    private final T5LayerNorm finalLayerNorm;
    private final float dropoutRate;

    T5Stack(T5Config config, T5Weights weights, String name, NDArray embedTokens, boolean decoder) {
        this.embedTokens = embedTokens;
        int layers = decoder ? config.numDecoderLayers() : config.numLayers();
        this.blocks = new T5Block[layers];
        for (int i = 0; i < layers; i++) {
            blocks[i] = new T5Block(config, weights, name + ".block." + i + ".", decoder, i);
        }
        this.finalLayerNorm = new T5LayerNorm(
                weights.require(name + ".final_layer_norm.weight"), config.layerNormEpsilon());
        this.dropoutRate = config.dropoutRate();
    }

    int layers() {
        return blocks.length;
    }

    /** Encoder: {@code inputIds}/{@code attentionMask} {@code [B, S]} to hidden states {@code [B, S, d_model]}. */
    NDArray encode(NDArray inputIds, NDArray attentionMask, boolean training) {
        int length = Math.toIntExact(inputIds.getShape().get(1));
        NDArray bias = blocks[0].selfAttention().positionBias(inputIds.getManager(), length, length, 0)
                .add(Ops.additivePaddingMask(attentionMask));
        return run(inputIds, bias, null, null, null, training);
    }

    /**
     * Decoder: new positions {@code [B, T]} (all of them without a cache) to hidden states {@code [B, T, d_model]},
     * attending causally to themselves and the cached positions and fully to the unmasked encoder positions.
     */
    NDArray decode(NDArray decoderInputIds, NDArray encoderHidden, NDArray encoderAttentionMask, DecoderCache cache,
            boolean training) {
        NDManager manager = decoderInputIds.getManager();
        int newPositions = Math.toIntExact(decoderInputIds.getShape().get(1));
        NDArray selfBias;
        NDArray crossBias;
        if (cache == null || training) {
            int past = cache == null ? 0 : cache.length();
            selfBias = selfAttentionBias(manager, newPositions, past + newPositions, past);
            crossBias = Ops.additivePaddingMask(encoderAttentionMask);
        } else {
            // Incremental decoding: the biases are the same every step, only their window moves.
            selfBias = cache.selfAttentionBias(newPositions, capacity -> selfAttentionBias(manager, capacity,
                    capacity, 0), manager);
            crossBias = cache.crossMaskBias(() -> Ops.additivePaddingMask(encoderAttentionMask));
        }
        NDArray hidden = run(decoderInputIds, selfBias, encoderHidden, crossBias, cache, training);
        if (cache != null) {
            cache.advance(newPositions);
        }
        return hidden;
    }

    /** Decoder: the cross-attention keys/values of every block and the encoder mask, into an empty cache. */
    void prefillCrossAttention(NDArray encoderHidden, NDArray encoderAttentionMask, DecoderCache cache) {
        if (cache.length() != 0 || cache.crossAttention(0) != null) {
            throw new IllegalStateException("the cache has decoded already");
        }
        cache.crossMaskBias(() -> Ops.additivePaddingMask(encoderAttentionMask));
        for (T5Block block : blocks) {
            block.prefillCrossAttention(encoderHidden, cache);
        }
    }

    private NDArray run(NDArray ids, NDArray selfBias, NDArray encoderHidden, NDArray crossBias, DecoderCache cache,
            boolean training) {
        NDArray hidden = Ops.dropout(Ops.embedding(ids, embedTokens), dropoutRate, training);
        for (T5Block block : blocks) {
            hidden = block.forward(hidden, selfBias, encoderHidden, crossBias, cache, training);
        }
        return Ops.dropout(finalLayerNorm.forward(hidden), dropoutRate, training);
    }

    /** Position bias plus causal mask, {@code [1, H, Q, K]}, for queries starting at position {@code past}. */
    private NDArray selfAttentionBias(NDManager manager, int queries, int keys, int past) {
        return blocks[0].selfAttention().positionBias(manager, queries, keys, past)
                .add(causalMask(manager, queries, keys, past));
    }

    /** {@code [1, 1, Q, K]}: 0 where key position <= query position, masked where the key lies in the future. */
    private static NDArray causalMask(NDManager manager, int queries, int keys, int past) {
        NDArray queryPositions = manager.arange(past, past + queries, 1, DataType.INT64).reshape(queries, 1);
        NDArray keyPositions = manager.arange(0, keys, 1, DataType.INT64).reshape(1, keys);
        return keyPositions.gt(queryPositions).toType(DataType.FLOAT32, false).muli(Ops.MASKED)
                .expandDims(0).expandDims(0);
    }
}
