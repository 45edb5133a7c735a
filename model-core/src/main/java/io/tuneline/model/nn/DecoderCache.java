package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
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
    /** Per row, the first position it attends to (rows that joined a running batch later); null: all 0. */
    private int[] rowStarts;

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
        if (rowStarts != null) {
            int[] selected = new int[Math.toIntExact(batchIndices.size())];
            long[] indices = batchIndices.toLongArray();
            for (int i = 0; i < selected.length; i++) {
                selected[i] = rowStarts[(int) indices[i]];
            }
            rowStarts = selected;
            dropLeadingPositions();
        }
    }

    /**
     * Appends the rows of {@code newcomers} after this cache's rows, for continuous batching: a newcomer's cached
     * positions are placed so that they end where this cache's end, and its earlier positions are masked out for
     * it. T5's position bias depends only on key minus query position, so the shifted start changes nothing in
     * its scores. Encoder-side arrays of different lengths are padded (keys/values with zeros, the mask with
     * {@code MASKED}). Both caches must have decoded at least one step, {@code newcomers} no more than this one.
     * {@code newcomers} is closed.
     */
    public void absorb(DecoderCache newcomers) {
        if (newcomers.length < 1 || length < 1 || newcomers.length > length || crossKeys[0] == null
                || newcomers.crossKeys[0] == null) {
            throw new IllegalArgumentException("cannot absorb a cache of " + newcomers.length
                    + " positions into one of " + length + " (both need a first step, the newcomers no more)");
        }
        int shift = length - newcomers.length;
        int ownRows = Math.toIntExact(crossKeys[0].getShape().get(0));
        int newRows = Math.toIntExact(newcomers.crossKeys[0].getShape().get(0));
        for (int layer = 0; layer < selfKeys.length; layer++) {
            selfKeys[layer] = concatRows(selfKeys[layer], placeAt(newcomers.selfKeys[layer], newcomers.length,
                    shift, selfKeys[layer].getShape().get(2)));
            selfValues[layer] = concatRows(selfValues[layer], placeAt(newcomers.selfValues[layer],
                    newcomers.length, shift, selfValues[layer].getShape().get(2)));
            long encoderLength = Math.max(crossKeys[layer].getShape().get(2),
                    newcomers.crossKeys[layer].getShape().get(2));
            crossKeys[layer] = concatRows(padAxis(crossKeys[layer], 2, encoderLength, 0f),
                    padAxis(newcomers.crossKeys[layer], 2, encoderLength, 0f));
            crossValues[layer] = concatRows(padAxis(crossValues[layer], 2, encoderLength, 0f),
                    padAxis(newcomers.crossValues[layer], 2, encoderLength, 0f));
        }
        if (crossMaskBias != null && newcomers.crossMaskBias != null) {
            long encoderLength = Math.max(crossMaskBias.getShape().get(3), newcomers.crossMaskBias.getShape().get(3));
            crossMaskBias = concatRows(padAxis(crossMaskBias, 3, encoderLength, Ops.MASKED),
                    padAxis(newcomers.crossMaskBias, 3, encoderLength, Ops.MASKED));
        }
        int[] starts = new int[ownRows + newRows];
        for (int row = 0; row < starts.length; row++) {
            int[] source = row < ownRows ? rowStarts : newcomers.rowStarts;
            int index = row < ownRows ? row : row - ownRows;
            starts[row] = (source == null ? 0 : source[index]) + (row < ownRows ? 0 : shift);
        }
        rowStarts = starts;
        newcomers.close();
    }

    /** Number of rows (hypotheses) the cache holds, or 0 before the first step. */
    public int rows() {
        return crossKeys[0] == null ? 0 : Math.toIntExact(crossKeys[0].getShape().get(0));
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
        if (rowStarts == null || Arrays.stream(rowStarts).allMatch(start -> start == 0)) {
            return view;
        }
        // Rows that joined later must not see the positions before their start: [B, 1, 1, total].
        float[] mask = new float[rowStarts.length * total];
        for (int row = 0; row < rowStarts.length; row++) {
            Arrays.fill(mask, row * total, row * total + Math.min(rowStarts[row], total), Ops.MASKED);
        }
        return view.add(stepManager.create(mask, new Shape(rowStarts.length, 1, 1, total)));
    }

    /**
     * Forgets the positions before the earliest row start (after the rows that needed them were removed), so that
     * a batch that keeps running does not grow its buffers forever; relative positions are unchanged.
     */
    private void dropLeadingPositions() {
        int drop = Arrays.stream(rowStarts).min().orElse(0);
        if (drop == 0 || selfKeys[0] == null) {
            return;
        }
        NDIndex kept = new NDIndex(":, :, {}:", drop);
        for (NDArray[] arrays : new NDArray[][] {selfKeys, selfValues}) {
            for (int layer = 0; layer < arrays.length; layer++) {
                NDArray shifted = arrays[layer].get(kept);
                shifted.attach(manager);
                arrays[layer].close();
                arrays[layer] = shifted;
            }
        }
        length -= drop;
        for (int row = 0; row < rowStarts.length; row++) {
            rowStarts[row] -= drop;
        }
    }

    /** {@code fresh}'s first {@code positions} positions at {@code shift ..} of a zero buffer {@code capacity} long. */
    private NDArray placeAt(NDArray fresh, int positions, int shift, long capacity) {
        Shape shape = fresh.getShape();
        NDArray placed = manager.zeros(new Shape(shape.get(0), shape.get(1), capacity, shape.get(3)),
                fresh.getDataType());
        try (NDArray valid = fresh.get(new NDIndex(":, :, :{}", positions))) {
            placed.set(new NDIndex(":, :, {}:{}", shift, shift + positions), valid);
        }
        return placed;
    }

    /**
     * {@code array} padded along {@code axis} to {@code length} with {@code value} (the array is then closed), or the
     * array itself if it is long enough.
     */
    private NDArray padAxis(NDArray array, int axis, long length, float value) {
        long missing = length - array.getShape().get(axis);
        if (missing == 0) {
            return array;
        }
        long[] padShape = array.getShape().getShape();
        padShape[axis] = missing;
        try (NDArray padding = manager.full(new Shape(padShape), value, array.getDataType())) {
            NDArray padded = array.concat(padding, axis);
            padded.attach(manager);
            array.close();
            return padded;
        }
    }

    /** {@code first} followed by {@code second} along the batch axis, in this cache's manager; closes both. */
    private NDArray concatRows(NDArray first, NDArray second) {
        NDArray joined = first.concat(second, 0);
        joined.attach(manager);
        first.close();
        second.close();
        return joined;
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
