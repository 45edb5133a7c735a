package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Map;

/**
 * What the layers are built from: the model's parameters by Hugging Face name and, optionally, a LoRA adapter
 * whose targeted modules become {@link Linear}s with a low-rank update.
 */
final class T5Weights {

    private final Map<String, NDArray> parameters;
    private final LoraAdapter adapter;
    /** Where fused projection weights are kept (shared by the views of one base), or null: no fusion. */
    private final Map<String, NDArray> fused;

    T5Weights(Map<String, NDArray> parameters, LoraAdapter adapter, Map<String, NDArray> fused) {
        this.parameters = parameters;
        this.adapter = adapter;
        this.fused = fused;
    }

    /**
     * The weights of the linear {@code modules} stacked along the output axis ({@code x·Wᵀ} then yields their
     * outputs side by side, in order), or null when this model does not fuse or an adapter targets one of them.
     * Made once per base and kept detached from any gradient graph.
     */
    NDArray fusedLinearWeight(String... modules) {
        if (fused == null) {
            return null;
        }
        for (String module : modules) {
            if (adapter != null && adapter.a(module) != null) {
                return null;
            }
        }
        return fused.computeIfAbsent(String.join("|", modules), key -> {
            NDList weights = new NDList();
            for (String module : modules) {
                weights.add(require(module + ".weight"));
            }
            try (NDArray stacked = NDArrays.concat(weights, 0)) {
                return stacked.stopGradient(); // shares the storage, which outlives the closed handle
            }
        });
    }

    NDArray require(String name) {
        return T5ParameterLayout.require(parameters, name);
    }

    NDArray optional(String name) {
        return parameters.get(name);
    }

    /** The linear module {@code module} ({@code module + ".weight"}), with its adapter when one targets it. */
    Linear linear(String module) {
        NDArray weight = require(module + ".weight");
        if (adapter == null || adapter.a(module) == null) {
            return new Linear(weight, null, null, 0f, 0f);
        }
        return new Linear(weight, adapter.a(module), adapter.b(module), adapter.config().scaling(),
                (float) adapter.config().dropout());
    }
}
