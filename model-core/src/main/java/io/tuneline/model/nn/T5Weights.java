package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What the layers are built from: the model's parameters by Hugging Face name and, optionally, a LoRA adapter
 * whose targeted modules become {@link Linear}s with a low-rank update.
 */
final class T5Weights {

    private final Map<String, NDArray> parameters;
    private final LoraAdapter adapter;

    T5Weights(Map<String, NDArray> parameters, LoraAdapter adapter) {
        this.parameters = parameters;
        this.adapter = adapter;
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
