package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.tuneline.model.config.T5Config;

/**
 * Multi-head attention as T5 does it: no {@code 1/sqrt(d_kv)} scaling of the scores (the initialization
 * accounts for it), no biases, and a learned relative-position bias added to the scores instead of position
 * embeddings. Only the first block of each stack owns the bias table; the result is shared by all blocks.
 */
final class T5Attention {

    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;
    private final NDArray relativeAttentionBias;
    private final int numHeads;
    private final int dKv;
    private final boolean bidirectional;
    private final int numBuckets;
    private final int maxDistance;
    private final float dropoutRate;
    private final int layerIndex;
    private final boolean crossAttention;

    T5Attention(T5Config config, T5Weights weights, String prefix, boolean bidirectional,
            int layerIndex, boolean crossAttention) {
        this.query = weights.linear(prefix + "q");
        this.key = weights.linear(prefix + "k");
        this.value = weights.linear(prefix + "v");
        this.output = weights.linear(prefix + "o");
        this.relativeAttentionBias = weights.optional(prefix + "relative_attention_bias.weight");
        this.numHeads = config.numHeads();
        this.dKv = config.dKv();
        this.bidirectional = bidirectional;
        this.numBuckets = config.relativeAttentionNumBuckets();
        this.maxDistance = config.relativeAttentionMaxDistance();
        this.dropoutRate = config.dropoutRate();
        this.layerIndex = layerIndex;
        this.crossAttention = crossAttention;
    }

    /**
     * Attention of {@code hidden} ({@code [B, Q, d_model]}) over itself, or over {@code encoderHidden} for
     * cross-attention (which may be null once the cache holds its keys and values). {@code bias} (position
     * bias plus additive mask) broadcasts to {@code [B, H, Q, K]}. With a cache, self-attention appends the new
     * keys/values and cross-attention computes its keys/values only once.
     */
    NDArray forward(NDArray hidden, NDArray encoderHidden, NDArray bias, DecoderCache cache, boolean training) {
        long batch = hidden.getShape().get(0);
        long queryLength = hidden.getShape().get(1);
        NDArray queries = splitHeads(query.forward(hidden, training), batch);
        NDArray[] keysValues = crossAttention
                ? crossKeysValues(encoderHidden, batch, cache, training)
                : selfKeysValues(hidden, batch, cache, training);

        NDArray scores = queries.matMul(keysValues[0].transpose(0, 1, 3, 2));
        scores.addi(bias);
        NDArray weights = Ops.dropout(scores.softmax(3), dropoutRate, training);
        NDArray context = mergeHeads(weights.matMul(keysValues[1]), batch, queryLength);
        return output.forward(context, training);
    }

    /**
     * The learned bias {@code [1, H, Q, K]} for {@code queryLength} queries starting at absolute position
     * {@code pastLength} and keys at positions {@code 0 .. keyLength-1}.
     */
    NDArray positionBias(NDManager manager, int queryLength, int keyLength, int pastLength) {
        NDArray queryPositions = manager.arange(pastLength, pastLength + queryLength, 1, DataType.INT64)
                .reshape(queryLength, 1);
        NDArray keyPositions = manager.arange(0, keyLength, 1, DataType.INT64).reshape(1, keyLength);
        NDArray buckets = relativePositionBucket(keyPositions.sub(queryPositions), bidirectional, numBuckets,
                maxDistance);
        return Ops.embedding(buckets, relativeAttentionBias).transpose(2, 0, 1).expandDims(0);
    }

    boolean hasRelativeAttentionBias() {
        return relativeAttentionBias != null;
    }

    /**
     * Maps key-minus-query distances to bucket ids, exactly like HF's {@code _relative_position_bucket}: half
     * the buckets (all of them when causal) hold exact small distances, the rest log-spaced distances up to
     * {@code maxDistance}; farther ones share the last bucket. Bidirectional buckets keep the sign, causal ones
     * treat every future position as distance 0. The log is taken in float32 as HF does, so bucket edges agree.
     */
    static NDArray relativePositionBucket(NDArray relativePosition, boolean bidirectional, int numBuckets,
            int maxDistance) {
        NDArray buckets;
        NDArray distance;
        int buckets0 = numBuckets;
        if (bidirectional) {
            buckets0 /= 2;
            buckets = relativePosition.gt(0).toType(DataType.INT64, false).mul(buckets0);
            distance = relativePosition.abs();
        } else {
            buckets = relativePosition.zerosLike();
            distance = relativePosition.minimum(0).neg();
        }
        int maxExact = buckets0 / 2;
        NDArray isSmall = distance.lt(maxExact);
        NDArray logSpaced = distance.toType(DataType.FLOAT32, false)
                .div((float) maxExact)
                .log()
                .div((float) Math.log((double) maxDistance / maxExact))
                .mul((float) (buckets0 - maxExact))
                .toType(DataType.INT64, false)
                .add(maxExact)
                .minimum(buckets0 - 1);
        return buckets.add(NDArrays.where(isSmall, distance, logSpaced));
    }

    private NDArray[] selfKeysValues(NDArray hidden, long batch, DecoderCache cache, boolean training) {
        NDArray keys = splitHeads(key.forward(hidden, training), batch);
        NDArray values = splitHeads(value.forward(hidden, training), batch);
        return cache == null ? new NDArray[] {keys, values} : cache.appendSelfAttention(layerIndex, keys, values);
    }

    /** Cross-attention: computes and caches the keys and values of {@code encoderHidden} before any decoder step. */
    void prefillCrossKeysValues(NDArray encoderHidden, DecoderCache cache) {
        crossKeysValues(encoderHidden, encoderHidden.getShape().get(0), cache, false);
    }

    private NDArray[] crossKeysValues(NDArray encoderHidden, long batch, DecoderCache cache,
            boolean training) {
        NDArray[] cached = cache == null ? null : cache.crossAttention(layerIndex);
        if (cached != null) {
            return cached;
        }
        if (encoderHidden == null) {
            throw new IllegalArgumentException("cross-attention needs the encoder output on the first decoder call");
        }
        NDArray keys = splitHeads(key.forward(encoderHidden, training), batch);
        NDArray values = splitHeads(value.forward(encoderHidden, training), batch);
        if (cache != null) {
            // splitHeads gives transposed views, which every later step's matmul would copy again (~6 MB per
            // layer and token for flan-t5-small); the cache keeps contiguous copies made once.
            keys = contiguous(keys);
            values = contiguous(values);
            cache.storeCrossAttention(layerIndex, keys, values);
        }
        return new NDArray[] {keys, values};
    }

    /** A contiguous copy of a strided view: reshaping it to one dimension cannot be done as a view. */
    private static NDArray contiguous(NDArray view) {
        return view.reshape(-1).reshape(view.getShape());
    }

    /**
     * {@code [B, L, H*d_kv]} to {@code [B, H, L, d_kv]}. With one position (every incremental decoding step) the
     * transpose moves nothing, so a single reshape does: one op fewer per projection and step.
     */
    private NDArray splitHeads(NDArray projected, long batch) {
        if (projected.getShape().get(1) == 1) {
            return projected.reshape(batch, numHeads, 1, dKv);
        }
        return projected.reshape(batch, -1, numHeads, dKv).transpose(0, 2, 1, 3);
    }

    /** {@code [B, H, L, d_kv]} back to {@code [B, L, H*d_kv]}; a single reshape for one position. */
    private NDArray mergeHeads(NDArray heads, long batch, long length) {
        if (length == 1) {
            return heads.reshape(batch, 1, (long) numHeads * dKv);
        }
        return heads.transpose(0, 2, 1, 3).reshape(batch, length, (long) numHeads * dKv);
    }
}
