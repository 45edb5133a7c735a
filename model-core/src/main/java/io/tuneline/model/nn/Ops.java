package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.util.RandomUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few functional building blocks the layers share. Every result is created in the manager of the
 * activation passed first (never of a weight), so per-step arrays die with the step's manager.
 */
public final class Ops {

    /** Large enough that exp() underflows to exactly 0, finite so a fully masked row stays finite. */
    static final float MASKED = -1e9f;

    private static final NDManager CONSTANT_MANAGER = NDManager.newBaseManager();
    private static final Map<String, NDArray> CONSTANTS = new ConcurrentHashMap<>();

    private static final ThreadLocal<ByteBuffer> MASK_SCRATCH = new ThreadLocal<>();
    private static final ThreadLocal<int[]> MASK_WORDS = new ThreadLocal<>();

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    private Ops() {
    }

    /**
     * An engine-owned scalar, made once per value and type and never freed: fixed factors (the GELU's, the norm
     * epsilon) cost one op per use instead of two, which counts in incremental decoding where each op is tiny.
     */
    static NDArray constant(float value, DataType type) {
        return CONSTANTS.computeIfAbsent(value + " " + type,
                key -> CONSTANT_MANAGER.full(new Shape(), value, type));
    }

    /**
     * {@code x * factor} for arrays that take part in backprop. DJL's {@code mul(Number)} wraps the number in
     * a Java buffer it releases right after the call, but autograd keeps that tensor for the backward pass, which
     * then reads freed memory once the garbage collector has run (seen as sporadic NaN losses). A factor created
     * by the engine owns its memory.
     */
    public static NDArray scale(NDArray x, float factor) {
        return x.mul(x.getManager().full(new Shape(), factor, x.getDataType()));
    }

    /** {@code x @ weight^T} with a Hugging Face / torch {@code [out, in]} weight, no bias. */
    static NDArray linear(NDArray x, NDArray weight) {
        return x.getNDArrayInternal().linear(x, weight, null).singletonOrThrow();
    }

    /** Rows of {@code table} for each id; the gradient flows into the table densely. */
    static NDArray embedding(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * Inverted dropout: zeroes each element with probability {@code rate} (rounded to a multiple of 2^-16) and
     * scales the kept ones by {@code 1 / (1 - rate)}. The mask is drawn on the host: libtorch's bernoulli_ runs
     * serially, element by element, on non-Intel CPUs, and dropout took ~0.6 CPU-s of a flan-t5-small training
     * step's forward pass (~0.25 with host masks of 16 random bits per element). Seeded from DJL's
     * {@link RandomUtils}, which {@code Engine.setRandomSeed} resets, so a seeded run repeats exactly.
     */
    static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        int dropBelow = Math.round(rate * 65536f);
        if (dropBelow >= 65536) {
            return x.zerosLike();
        }
        int size = Math.toIntExact(x.size());
        int words = size / 4;
        int[] keepWords = maskWords(words);
        SplittableRandom random = new SplittableRandom(RandomUtils.RANDOM.nextLong());
        // Four 16-bit draws per random long, compared all at once: 65536 - dropBelow added to a lane carries
        // into its bit 16 exactly when the draw is at least dropBelow (kept). Lanes 0 and 2 sit in the 32-bit
        // halves of `even`, lanes 1 and 3 in those of `odd`, so no carry crosses a lane.
        long offset = (65536L - dropBelow) * 0x0000_0001_0000_0001L;
        for (int i = 0; i < words; i++) {
            long bits = random.nextLong();
            long even = ((bits & 0x0000_FFFF_0000_FFFFL) + offset) >>> 16 & 0x0000_0001_0000_0001L;
            long odd = ((bits >>> 16 & 0x0000_FFFF_0000_FFFFL) + offset) >>> 16 & 0x0000_0001_0000_0001L;
            long spread = even | odd << 8; // keep flags of lanes 0, 1, 2, 3 at bits 0, 8, 32, 40
            keepWords[i] = (int) (spread | spread >>> 16); // bytes 0..3 in little-endian order
        }
        // Filled on the heap and copied in one go: per-element puts into the direct buffer (an index check
        // each) took ~65 ms of the calling thread per tiny-shape training step.
        ByteBuffer keepBuffer = maskScratch(size);
        keepBuffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(0, keepWords, 0, words);
        long tail = random.nextLong();
        for (int j = 4 * words; j < size; j++, tail >>>= 16) {
            keepBuffer.put(j, (tail & 0xFFFF) < dropBelow ? (byte) 0 : (byte) 1);
        }
        NDManager manager = x.getManager();
        NDArray mask;
        // The int8 array is a view of the scratch buffer (no copy), so it must die before the next call.
        try (NDArray keepBytes = manager.create(keepBuffer, x.getShape(), DataType.INT8)) {
            // int8 times a float scalar promotes to float: the scaled mask in one pass
            mask = keepBytes.mul(manager.full(new Shape(), 65536f / (65536 - dropBelow), x.getDataType()));
        }
        return x.mul(mask);
    }

    /** A heap array of at least {@code size} ints, reused by every dropout of the thread. */
    private static int[] maskWords(int size) {
        int[] words = MASK_WORDS.get();
        if (words == null || words.length < size) {
            words = new int[size];
            MASK_WORDS.set(words);
        }
        return words;
    }

    /** A direct buffer of {@code size} bytes, reused by every dropout of the thread. */
    private static ByteBuffer maskScratch(int size) {
        ByteBuffer scratch = MASK_SCRATCH.get();
        if (scratch == null || scratch.capacity() < size) {
            scratch = ByteBuffer.allocateDirect(size);
            MASK_SCRATCH.set(scratch);
        }
        return scratch.clear().limit(size).slice();
    }

    /**
     * HF's "gelu_new", {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, in HF's order of operations:
     * the algebraically equal {@code x sigmoid(...)} form saves a few passes but moves the gradients (and so the
     * first AdamW step of near-zero gradients) measurably further from transformers'.
     */
    static NDArray geluTanh(NDArray x) {
        DataType type = x.getDataType();
        NDArray inner = x.add(x.square().mul(x).mul(constant(0.044715f, type))).mul(constant(SQRT_2_OVER_PI, type));
        return x.mul(constant(0.5f, type)).mul(inner.tanh().add(constant(1f, type)));
    }

    static NDArray activation(String name, NDArray x) {
        return switch (name) {
            case "relu" -> x.getNDArrayInternal().relu();
            case "gelu_new" -> geluTanh(x);
            case "gelu" -> x.getNDArrayInternal().gelu();
            case "silu" -> x.mul(x.getNDArrayInternal().sigmoid());
            default -> throw new IllegalArgumentException("unsupported activation " + name);
        };
    }

    /** A 0/1 attention mask {@code [B, S]} as an additive bias {@code [B, 1, 1, S]}: 0 where kept. */
    static NDArray additivePaddingMask(NDArray attentionMask) {
        NDArray keep = attentionMask.toType(DataType.FLOAT32, false);
        return keep.sub(1f).muli(-MASKED).expandDims(1).expandDims(1);
    }
}
