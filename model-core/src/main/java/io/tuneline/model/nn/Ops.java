package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

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

    static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        return x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow();
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
