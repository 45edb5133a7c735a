package io.tuneline.dataset.validation;

/**
 * An open-addressing map from long to long. The de-duplication index of a large dataset holds millions of
 * 64-bit hash prefixes; boxed {@code HashMap<Long, Long>} entries would cost about six times the memory.
 */
final class LongLongTable {

    private static final double MAX_LOAD = 0.6;

    private long[] keys;
    private long[] values;
    private boolean[] used;
    private int size;

    LongLongTable() {
        allocate(1024);
    }

    /** An independent copy (a draft extends a copy, so a failed draft leaves the original as it was). */
    LongLongTable copy() {
        LongLongTable copy = new LongLongTable();
        copy.keys = keys.clone();
        copy.values = values.clone();
        copy.used = used.clone();
        copy.size = size;
        return copy;
    }

    int size() {
        return size;
    }

    boolean containsKey(long key) {
        return used[slotOf(key)];
    }

    /** The value of {@code key}; only meaningful when {@link #containsKey} is true. */
    long get(long key) {
        return values[slotOf(key)];
    }

    void put(long key, long value) {
        int slot = slotOf(key);
        if (!used[slot]) {
            used[slot] = true;
            keys[slot] = key;
            size++;
        }
        values[slot] = value;
        if (size > keys.length * MAX_LOAD) {
            grow();
        }
    }

    private int slotOf(long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (used[slot] && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        boolean[] oldUsed = used;
        allocate(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        used = new boolean[capacity];
    }
}
