package io.tuneline.template.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The seeded choice of phrasing per example: a hash of (seed, example id, repetition) picks the template, so
 * re-rendering with the same seed gives the same prompts, whatever the order or partitioning of the data.
 * {@code repetition} is 0 for the first use of an example; an example repeated by a mixture gets fresh choices.
 */
public final class TemplateChooser {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private TemplateChooser() {
    }

    public static <T> T choose(List<T> templates, long seed, String exampleId, int repetition) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("no templates to choose from");
        }
        return templates.get(index(templates.size(), seed, exampleId, repetition));
    }

    static int index(int size, long seed, String exampleId, int repetition) {
        long hash = FNV_OFFSET;
        for (byte b : exampleId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        hash = mix(hash ^ mix(seed) ^ mix(0x9e3779b97f4a7c15L * (repetition + 1)));
        return (int) Long.remainderUnsigned(hash, size);
    }

    /** SplitMix64's finalizer: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
