package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.config.T5Config;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Low-rank adapters for a T5 model: for every targeted linear module {@code m} with weight {@code W [out, in]}, a
 * {@code lora_A [r, in]} and a {@code lora_B [out, r]}, so that the module computes
 * {@code x·Wᵀ + alpha/r · dropout(x)·Aᵀ·Bᵀ}. Weights are keyed {@code {module}.lora_A.weight} /
 * {@code {module}.lora_B.weight} with Hugging Face module names (PEFT's file adds {@code base_model.model.} in
 * front, see {@code io.PeftAdapter}). The base model's weights are not touched: one base can serve many adapters.
 */
public final class LoraAdapter implements AutoCloseable {

    public static final String A_SUFFIX = ".lora_A.weight";
    public static final String B_SUFFIX = ".lora_B.weight";

    private final LoraConfig config;
    private final Map<String, NDArray> weights;
    private final NDManager manager;

    /** Wraps existing weights (owned by {@code manager}, which {@link #close()} closes). */
    public LoraAdapter(LoraConfig config, Map<String, NDArray> weights, NDManager manager) {
        this.config = config;
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        this.manager = manager;
    }

    /**
     * A fresh adapter as PEFT initialises one: {@code A} kaiming-uniform with {@code a = √5} (uniform in
     * {@code ±1/√in}), {@code B} zero — so the adapted model starts exactly at the base model.
     */
    public static LoraAdapter initialize(T5Config modelConfig, LoraConfig config, long seed) {
        NDManager manager = NDManager.newBaseManager();
        Map<String, NDArray> weights = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        T5ParameterLayout.expectedShapes(modelConfig).forEach((name, shape) -> {
            String module = moduleOf(name);
            if (module != null && config.targets(module)) {
                long out = shape.get(0);
                long in = shape.get(1);
                float bound = (float) (1.0 / Math.sqrt(in));
                float[] a = new float[Math.toIntExact(config.r() * in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
                weights.put(module + A_SUFFIX, manager.create(a, new Shape(config.r(), in)));
                weights.put(module + B_SUFFIX, manager.zeros(new Shape(out, config.r()), DataType.FLOAT32));
            }
        });
        if (weights.isEmpty()) {
            manager.close();
            throw new IllegalArgumentException("LoRA targets " + config.targetModules() + " match no linear module of"
                    + " this T5 (names such as q, k, v, o, wi_0, wi_1, wo)");
        }
        return new LoraAdapter(config, weights, manager);
    }

    /** The module a linear weight belongs to ({@code ….q.weight} → {@code ….q}); null for norms, embeddings, biases. */
    static String moduleOf(String parameterName) {
        if (!parameterName.endsWith(".weight") || parameterName.contains("layer_norm")
                || parameterName.contains("relative_attention_bias") || !parameterName.contains(".block.")) {
            return null;
        }
        return parameterName.substring(0, parameterName.length() - ".weight".length());
    }

    public LoraConfig config() {
        return config;
    }

    /** The adapter's weights, keyed {@code {module}.lora_A.weight} / {@code .lora_B.weight}; the only trainables. */
    public Map<String, NDArray> weights() {
        return weights;
    }

    NDArray a(String module) {
        return weights.get(module + A_SUFFIX);
    }

    NDArray b(String module) {
        return weights.get(module + B_SUFFIX);
    }

    /** Trainable parameter count ({@code r · (in + out)} per adapted module). */
    public long parameterCount() {
        return weights.values().stream().mapToLong(w -> w.getShape().size()).sum();
    }

    /**
     * Plain weights with the update folded in, {@code W + alpha/r · B·A}, for tools that do not know adapters;
     * the merged arrays are created in {@code into}, the others are the base's own arrays.
     */
    public Map<String, NDArray> mergeInto(Map<String, NDArray> baseParameters, NDManager into) {
        Map<String, NDArray> merged = new LinkedHashMap<>(baseParameters);
        for (String name : baseParameters.keySet()) {
            String module = moduleOf(name);
            if (module != null && a(module) != null) {
                NDArray update = Ops.scale(b(module).matMul(a(module)), config.scaling());
                NDArray sum = baseParameters.get(name).add(update);
                sum.attach(into);
                update.close();
                merged.put(name, sum);
            }
        }
        return merged;
    }

    @Override
    public void close() {
        manager.close();
    }
}
