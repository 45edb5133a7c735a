package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Keys and values the decoder has already computed, so that each generation step only runs the new
 * positions: per layer the self-attention keys/values of all earlier positions ({@code [B, H, T, d_kv]}, in
 * buffers that grow by doubling) and the cross-attention keys/values of the encoder output (computed on the
 * first call).
 * The arrays live in the cache's own manager and are freed by {@link #close()}.
 */
public final class DecoderCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] selfKeys;
    private final NDArray[] selfValues;
    private final NDArray[] crossKeys;
    private final NDArray[] crossValues;
    private NDArray crossMaskBias;
    private NDArray selfBias;
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
        NDArray[] maskBias = {crossMaskBias};
        for (NDArray[] arrays : new NDArray[][] {selfKeys, selfValues, crossKeys, crossValues, maskBias}) {
            for (int layer = 0; layer < arrays.length; layer++) {
                if (arrays[layer] != null) {
                    NDArray selected = arrays[layer].get(rows);
                    selected.attach(manager);
                    arrays[layer].close();
                    arrays[layer] = selected;
                }
            }
        }
        crossMaskBias = maskBias[0];
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * Appends the new positions' keys and values of one layer; returns the keys and values of all positions as
     * views (landing in the manager of {@code keys}) of buffers preallocated for {@link #capacity} positions:
     * concatenating instead copied the whole cache of every layer at every step.
     */
    NDArray[] appendSelfAttention(int layer, NDArray keys, NDArray values) {
        int total = length + Math.toIntExact(keys.getShape().get(2));
        selfKeys[layer] = write(selfKeys[layer], keys, total);
        selfValues[layer] = write(selfValues[layer], values, total);
        NDIndex all = new NDIndex(":, :, :{}", total);
        NDArray[] views = {selfKeys[layer].get(all), selfValues[layer].get(all)};
        for (NDArray view : views) {
            view.attach(keys.getManager());
        }
        return views;
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

    /**
     * The additive cross-attention mask {@code [B, 1, 1, S]}, made by {@code create} on the first call only (like
     * the cross-attention keys and values, it depends only on the encoder side).
     */
    NDArray crossMaskBias(Supplier<NDArray> create) {
        if (crossMaskBias == null) {
            crossMaskBias = create.get();
            crossMaskBias.attach(manager);
        }
        return crossMaskBias;
    }

    /**
     * The self-attention bias (position bias plus causal mask) of the next {@code newPositions} queries over all
     * keys so far, {@code [1, H, new, length + new]}, as a view into a square table (as long as the key/value
     * buffers) that {@code table} builds (about 40 small ops) only when the sequence outgrows it. The view lands
     * in {@code stepManager}.
     */
    NDArray selfAttentionBias(int newPositions, IntFunction<NDArray> table, NDManager stepManager) {
        int total = length + newPositions;
        if (selfBias == null || selfBias.getShape().get(2) < total) {
            if (selfBias != null) {
                selfBias.close();
            }
            selfBias = table.apply(capacity(total));
            selfBias.attach(manager);
        }
        NDArray view = selfBias.get(new NDIndex(":, :, {}:{}, :{}", length, total, total));
        view.attach(stepManager);
        return view;
    }

    /** Called once per decoder call, after every layer has appended its positions. */
    void advance(int positions) {
        length += positions;
    }

    /** Writes {@code fresh} at positions {@code length .. total-1}, first growing the buffer if it is too short. */
    private NDArray write(NDArray buffer, NDArray fresh, int total) {
        if (buffer == null || buffer.getShape().get(2) < total) {
            Shape shape = fresh.getShape();
            NDArray grown = manager.zeros(new Shape(shape.get(0), shape.get(1), capacity(total), shape.get(3)),
                    fresh.getDataType());
            if (buffer != null) {
                NDIndex past = new NDIndex(":, :, :{}", length);
                try (NDArray kept = buffer.get(past)) {
                    grown.set(past, kept);
                }
                buffer.close();
            }
            buffer = grown;
        }
        buffer.set(new NDIndex(":, :, {}:{}", length, total), fresh);
        return buffer;
    }

    /** Positions the buffers are made for: the next power of two, at least 64 (a typical generation length). */
    private static int capacity(int positions) {
        return Math.max(64, Integer.highestOneBit(positions - 1) << 1);
    }
}
