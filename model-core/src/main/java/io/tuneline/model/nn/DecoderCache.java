package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Keys and values the decoder has already computed, so that each generation step only runs the new
 * positions: per layer the self-attention keys/values of all earlier positions ({@code [B, H, T, d_kv]},
 * growing) and the cross-attention keys/values of the encoder output (computed on the first call).
 * The arrays live in the cache's own manager and are freed by {@link #close()}.
 */
public final class DecoderCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] selfKeys;
    private final NDArray[] selfValues;
    private final NDArray[] crossKeys;
    private final NDArray[] crossValues;
    private int length;

    DecoderCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.selfKeys = new NDArray[layers];
        this.selfValues = new NDArray[layers];
        this.crossKeys = new NDArray[layers];
        this.crossValues = new NDArray[layers];
    }

    /** Number of decoder positions already cached. */
    public int length() {
        return length;
    }

    /**
     * Selects rows along the batch axis of every cached array, self and cross: new row {@code i} is old row
     * {@code batchIndices[i]}. Also expands a batch (e.g. to {@code num_beams} rows per prompt).
     */
    public void reorder(NDArray batchIndices) {
        NDIndex rows = new NDIndex("{}", batchIndices);
        for (NDArray[] arrays : new NDArray[][] {selfKeys, selfValues, crossKeys, crossValues}) {
            for (int layer = 0; layer < arrays.length; layer++) {
                if (arrays[layer] != null) {
                    NDArray selected = arrays[layer].get(rows);
                    selected.attach(manager);
                    arrays[layer].close();
                    arrays[layer] = selected;
                }
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Appends the new positions' keys and values of one layer; returns the keys and values of all positions. */
    NDArray[] appendSelfAttention(int layer, NDArray keys, NDArray values) {
        selfKeys[layer] = append(selfKeys[layer], keys);
        selfValues[layer] = append(selfValues[layer], values);
        return new NDArray[] {selfKeys[layer], selfValues[layer]};
    }

    /** The cross-attention keys and values of one layer, or null before the first step. */
    NDArray[] crossAttention(int layer) {
        return crossKeys[layer] == null ? null : new NDArray[] {crossKeys[layer], crossValues[layer]};
    }

    void storeCrossAttention(int layer, NDArray keys, NDArray values) {
        keys.attach(manager);
        values.attach(manager);
        crossKeys[layer] = keys;
        crossValues[layer] = values;
    }

    /** Called once per decoder call, after every layer has appended its positions. */
    void advance(int positions) {
        length += positions;
    }

    private NDArray append(NDArray cached, NDArray fresh) {
        if (cached == null) {
            fresh.attach(manager);
            return fresh;
        }
        NDArray joined = cached.concat(fresh, 2);
        cached.close();
        return joined;
    }
}
