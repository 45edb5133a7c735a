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
 *
 * <p>For continuous batching the buffers may hold more rows than are in use (their batch axis grows by doubling
 * and only its first {@link #rows()} rows are read): a newcomer's rows are written after the used ones
 * ({@link #absorb}) and a finished row's slot is refilled by moving a row from the end ({@link #reorder} with a
 * compaction), so joining and leaving copy only the rows that move, not the whole cache of every layer.
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
    /** Rows in use: the first {@code rows} along every buffer's batch axis (0 before the first step). */
    private int rows;
    /** Views of the used rows of the cross-attention arrays and mask, made when the rows change. */
    private NDArray[] crossKeyViews;
    private NDArray[] crossValueViews;
    private NDArray crossMaskView;
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
     * {@code batchIndices[i]}. Also expands a batch (e.g. to {@code num_beams} rows per prompt). A compaction
     * (every row either stays where it is or moves from beyond the new row count into a freed slot, as
     * continuous batching removes finished rows) only moves the rows that change place.
     */
    public void reorder(NDArray batchIndices) {
        long[] indices = batchIndices.toLongArray();
        if (isCompaction(indices)) {
            compact(indices);
        } else {
            gather(batchIndices);
        }
        if (rowStarts != null) {
            int[] selected = new int[indices.length];
            for (int i = 0; i < selected.length; i++) {
                selected[i] = rowStarts[(int) indices[i]];
            }
            rowStarts = selected;
            dropLeadingPositions();
        }
    }

    private boolean isCompaction(long[] indices) {
        if (indices.length > rows || crossKeys[0] == null) {
            return false;
        }
        boolean[] used = new boolean[rows];
        for (int i = 0; i < indices.length; i++) {
            long source = indices[i];
            if (source < 0 || source >= rows || used[(int) source] || (source != i && source < indices.length)) {
                return false;
            }
            used[(int) source] = true;
        }
        return true;
    }

    /** Moves row {@code indices[i]} to {@code i} where they differ; the sources all lie beyond the new count. */
    private void compact(long[] indices) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] != i) {
                NDIndex target = new NDIndex("{}", i);
                NDIndex source = new NDIndex("{}", indices[i]);
                for (NDArray[] arrays : new NDArray[][] {selfKeys, selfValues, crossKeys, crossValues}) {
                    for (NDArray array : arrays) {
                        if (array != null) {
                            moveRow(array, source, target);
                        }
                    }
                }
                if (crossMaskBias != null) {
                    moveRow(crossMaskBias, source, target);
                }
            }
        }
        setRows(indices.length);
    }

    private static void moveRow(NDArray array, NDIndex source, NDIndex target) {
        try (NDArray row = array.get(source)) {
            array.set(target, row);
        }
    }

    /** The general reorder: gathers the selected rows into new arrays exactly as long as the selection. */
    private void gather(NDArray batchIndices) {
        NDIndex selection = new NDIndex("{}", batchIndices);
        NDArray[] maskBias = {crossMaskBias};
        for (NDArray[] arrays : new NDArray[][] {selfKeys, selfValues, crossKeys, crossValues, maskBias}) {
            for (int layer = 0; layer < arrays.length; layer++) {
                if (arrays[layer] != null) {
                    NDArray selected = arrays[layer].get(selection);
                    selected.attach(manager);
                    arrays[layer].close();
                    arrays[layer] = selected;
                }
            }
        }
        crossMaskBias = maskBias[0];
        setRows(Math.toIntExact(batchIndices.size()));
    }

    /**
     * Appends the rows of {@code newcomers} after this cache's rows, for continuous batching: a newcomer's cached
     * positions are placed so that they end where this cache's end, and its earlier positions are masked out for
     * it. T5's position bias depends only on key minus query position, so the shifted start changes nothing in
     * its scores. Encoder-side arrays of different lengths are padded (keys/values with zeros, the mask with
     * {@code MASKED}). Both caches must hold their cross-attention keys and values (after a first step, or
     * {@link T5ForConditionalGeneration#prefillCrossAttention}); {@code newcomers} may have no decoder positions
     * yet (then its rows decode their first position in this cache's next step), but no more than this one.
     * {@code newcomers} is closed.
     */
    public void absorb(DecoderCache newcomers) {
        if (newcomers.length > length || crossKeys[0] == null || newcomers.crossKeys[0] == null
                || crossMaskBias == null || newcomers.crossMaskBias == null) {
            throw new IllegalArgumentException("cannot absorb a cache of " + newcomers.length
                    + " positions into one of " + length
                    + " (both need their cross-attention keys and values, the newcomers no more positions)");
        }
        int shift = length - newcomers.length;
        int ownRows = rows;
        int newRows = newcomers.rows;
        int total = ownRows + newRows;
        long newcomersEncoderLength = newcomers.crossKeys[0].getShape().get(2);
        growRows(total);
        growEncoderLength(newcomersEncoderLength);
        NDIndex selfTarget = new NDIndex("{}:{}, :, {}:{}", ownRows, total, shift, length);
        NDIndex selfSource = new NDIndex(":{}, :, :{}", newRows, newcomers.length);
        NDIndex crossTarget = new NDIndex("{}:{}, :, :{}", ownRows, total, newcomersEncoderLength);
        NDIndex crossSource = new NDIndex(":{}", newRows);
        for (int layer = 0; layer < selfKeys.length; layer++) {
            if (newcomers.length > 0) {
                copy(newcomers.selfKeys[layer], selfSource, selfKeys[layer], selfTarget);
                copy(newcomers.selfValues[layer], selfSource, selfValues[layer], selfTarget);
            }
            copy(newcomers.crossKeys[layer], crossSource, crossKeys[layer], crossTarget);
            copy(newcomers.crossValues[layer], crossSource, crossValues[layer], crossTarget);
        }
        // The slots may hold an earlier row's values: positions past the newcomer's encoder output are masked.
        if (newcomersEncoderLength < crossMaskBias.getShape().get(3)) {
            crossMaskBias.set(new NDIndex("{}:{}, :, :, {}:", ownRows, total, newcomersEncoderLength), Ops.MASKED);
        }
        copy(newcomers.crossMaskBias, new NDIndex(":{}", newRows), crossMaskBias,
                new NDIndex("{}:{}, :, :, :{}", ownRows, total, newcomersEncoderLength));
        int[] starts = new int[total];
        for (int row = 0; row < total; row++) {
            int[] source = row < ownRows ? rowStarts : newcomers.rowStarts;
            int index = row < ownRows ? row : row - ownRows;
            starts[row] = (source == null ? 0 : source[index]) + (row < ownRows ? 0 : shift);
        }
        rowStarts = starts;
        setRows(total);
        newcomers.close();
    }

    private static void copy(NDArray from, NDIndex fromIndex, NDArray to, NDIndex toIndex) {
        try (NDArray part = from.get(fromIndex)) {
            to.set(toIndex, part);
        }
    }

    /**
     * Makes room for {@code needed} rows along every buffer's batch axis (doubling: rarely copies). Each array is
     * checked on its own: the self-attention buffers are made at the first step, possibly with fewer spare rows
     * than the cross-attention arrays of a session that absorbed newcomers before it decoded.
     */
    private void growRows(int needed) {
        NDArray[] maskBias = {crossMaskBias};
        for (NDArray[] arrays : new NDArray[][] {selfKeys, selfValues, crossKeys, crossValues, maskBias}) {
            for (int layer = 0; layer < arrays.length; layer++) {
                NDArray array = arrays[layer];
                if (array != null && array.getShape().get(0) < needed) { // no self-attention arrays before a step
                    arrays[layer] = padAxis(array, 0, Math.max(needed, 2 * array.getShape().get(0)), 0f);
                }
            }
        }
        crossMaskBias = maskBias[0];
        closeViews();
    }

    /** Makes the encoder axis of the cross-attention arrays at least {@code needed} long (extra positions masked). */
    private void growEncoderLength(long needed) {
        if (needed <= crossKeys[0].getShape().get(2)) {
            return;
        }
        for (int layer = 0; layer < crossKeys.length; layer++) {
            crossKeys[layer] = padAxis(crossKeys[layer], 2, needed, 0f);
            crossValues[layer] = padAxis(crossValues[layer], 2, needed, 0f);
        }
        crossMaskBias = padAxis(crossMaskBias, 3, needed, Ops.MASKED);
        setRows(rows); // the views must see the new arrays
    }

    /** Sets the used row count and drops the views of the old one. */
    private void setRows(int count) {
        rows = count;
        closeViews();
    }

    private void closeViews() {
        if (crossKeyViews != null) {
            for (int layer = 0; layer < crossKeyViews.length; layer++) {
                closeView(crossKeyViews[layer], crossKeys[layer]);
                closeView(crossValueViews[layer], crossValues[layer]);
            }
            closeView(crossMaskView, crossMaskBias);
        }
        crossKeyViews = null;
        crossValueViews = null;
        crossMaskView = null;
    }

    private static void closeView(NDArray view, NDArray array) {
        if (view != null && view != array) {
            view.close();
        }
    }

    /** The used rows of {@code array}: the array itself when it holds no more (or before the first step). */
    private NDArray usedRows(NDArray array) {
        if (array == null || rows == 0 || array.getShape().get(0) == rows) {
            return array;
        }
        NDArray view = array.get(new NDIndex(":{}", rows));
        view.attach(manager);
        return view;
    }

    /** Number of rows (hypotheses) the cache holds, or 0 before the first step. */
    public int rows() {
        return rows;
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
        long batch = keys.getShape().get(0);
        NDIndex all = selfKeys[layer].getShape().get(0) == batch ? new NDIndex(":, :, :{}", total)
                : new NDIndex(":{}, :, :{}", batch, total);
        NDArray[] views = {selfKeys[layer].get(all), selfValues[layer].get(all)};
        for (NDArray view : views) {
            view.attach(keys.getManager());
        }
        return views;
    }

    /** The cross-attention keys and values of one layer, or null before the first step. */
    NDArray[] crossAttention(int layer) {
        if (crossKeys[layer] == null) {
            return null;
        }
        if (crossKeyViews == null) {
            crossKeyViews = new NDArray[crossKeys.length];
            crossValueViews = new NDArray[crossKeys.length];
        }
        if (crossKeyViews[layer] == null) {
            crossKeyViews[layer] = usedRows(crossKeys[layer]);
            crossValueViews[layer] = usedRows(crossValues[layer]);
        }
        return new NDArray[] {crossKeyViews[layer], crossValueViews[layer]};
    }

    void storeCrossAttention(int layer, NDArray keys, NDArray values) {
        keys.attach(manager);
        values.attach(manager);
        closeViews();
        crossKeys[layer] = keys;
        crossValues[layer] = values;
        rows = Math.toIntExact(keys.getShape().get(0));
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
        if (crossMaskView == null) {
            crossMaskView = usedRows(crossMaskBias);
        }
        return crossMaskView;
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
        long batch = fresh.getShape().get(0);
        if (buffer == null || buffer.getShape().get(2) < total) {
            Shape shape = fresh.getShape();
            long rowCapacity = buffer == null ? batch : buffer.getShape().get(0);
            NDArray grown = manager.zeros(new Shape(rowCapacity, shape.get(1), capacity(total), shape.get(3)),
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
        if (buffer.getShape().get(0) == batch) {
            buffer.set(new NDIndex(":, :, {}:{}", length, total), fresh);
        } else {
            buffer.set(new NDIndex(":{}, :, {}:{}", batch, length, total), fresh);
        }
        return buffer;
    }

    /** Positions the buffers are made for: the next power of two, at least 64 (a typical generation length). */
    private static int capacity(int positions) {
        return Math.max(64, Integer.highestOneBit(positions - 1) << 1);
    }
}
