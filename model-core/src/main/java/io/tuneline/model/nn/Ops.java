package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.util.RandomUtils;
import java.util.SplittableRandom;

/**
 * The few functional building blocks the layers share. Every result is created in the manager of the
 * activation passed first (never of a weight), so per-step arrays die with the step's manager.
 */
public final class Ops {

    /** Large enough that exp() underflows to exactly 0, finite so a fully masked row stays finite. */
    static final float MASKED = -1e9f;

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    private Ops() {
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
     * serially, element by element, on non-Intel CPUs and cost ~0.5 CPU-s (as much wall time) per flan-t5-small
     * training step; a host generator drawing 16 bits per element is about 20x cheaper. Seeded from DJL's
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
        byte[] keep = new byte[Math.toIntExact(x.size())];
        SplittableRandom random = new SplittableRandom(RandomUtils.RANDOM.nextLong());
        for (int i = 0; i < keep.length; i += 4) {
            long bits = random.nextLong();
            for (int j = i; j < Math.min(i + 4, keep.length); j++, bits >>>= 16) {
                keep[j] = (bits & 0xFFFF) < dropBelow ? (byte) 0 : (byte) 1;
            }
        }
        NDArray mask;
        try (NDArray keepBytes = x.getManager().create(keep, x.getShape())) {
            mask = keepBytes.toType(x.getDataType(), false);
        }
        mask.muli(65536f / (65536 - dropBelow)); // the mask takes no part in backprop, so a Java number is safe
        return x.mul(mask);
    }

    /**
     * HF's "gelu_new", {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, in HF's order of operations:
     * the algebraically equal {@code x sigmoid(...)} form saves a few passes but moves the gradients (and so the
     * first AdamW step of near-zero gradients) measurably further from transformers'.
     */
    static NDArray geluTanh(NDArray x) {
        NDArray inner = scale(x.add(scale(x.square().mul(x), 0.044715f)), SQRT_2_OVER_PI);
        return scale(x, 0.5f).mul(inner.tanh().add(1f)); // add(Number) is safe: its backward ignores the number
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
