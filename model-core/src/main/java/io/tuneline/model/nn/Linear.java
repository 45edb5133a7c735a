package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * A bias-free linear module ({@code x·Wᵀ}, T5 has no biases) and, when a LoRA adapter targets it, its low-rank
 * update {@code scaling · dropout(x)·Aᵀ·Bᵀ}; dropout applies to the adapter's input only, as in PEFT.
 */
final class Linear {

    private final NDArray weight;
    private final NDArray loraA;
    private final NDArray loraB;
    private final float scaling;
    private final float loraDropout;

    Linear(NDArray weight, NDArray loraA, NDArray loraB, float scaling, float loraDropout) {
        this.weight = weight;
        this.loraA = loraA;
        this.loraB = loraB;
        this.scaling = scaling;
        this.loraDropout = loraDropout;
    }

    NDArray forward(NDArray x, boolean training) {
        NDArray out = Ops.linear(x, weight);
        if (loraA == null) {
            return out;
        }
        NDArray update = Ops.linear(Ops.linear(Ops.dropout(x, loraDropout, training), loraA), loraB);
        return out.add(Ops.scale(update, scaling));
    }
}
