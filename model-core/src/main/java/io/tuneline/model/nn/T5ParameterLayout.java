package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tuneline.model.config.T5Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a T5 model owns, by their Hugging Face names and in {@code state_dict} order. Embedding
 * copies that HF ties to {@code shared.weight} (encoder/decoder {@code embed_tokens}, and {@code lm_head}
 * when the head is tied) are not separate parameters here.
 */
public final class T5ParameterLayout {

    public static final String SHARED = "shared.weight";
    public static final String LM_HEAD = "lm_head.weight";
    public static final String ENCODER_EMBED_TOKENS = "encoder.embed_tokens.weight";
    public static final String DECODER_EMBED_TOKENS = "decoder.embed_tokens.weight";

    private T5ParameterLayout() {
    }

    /** Name to shape, ordered like HF's state_dict. */
    public static Map<String, Shape> expectedShapes(T5Config config) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put(SHARED, new Shape(config.vocabSize(), config.dModel()));
        addStack(shapes, config, "encoder", config.numLayers(), false);
        addStack(shapes, config, "decoder", config.numDecoderLayers(), true);
        if (!config.tieWordEmbeddings()) {
            shapes.put(LM_HEAD, new Shape(config.vocabSize(), config.dModel()));
        }
        return shapes;
    }

    /**
     * Fresh weights drawn like HF's {@code T5PreTrainedModel._init_weights} (normal with fan-in based standard
     * deviations, layer norms at 1), seeded through the engine's generator.
     */
    public static Map<String, NDArray> randomParameters(T5Config config, NDManager manager) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        float factor = config.initializerFactor();
        for (Map.Entry<String, Shape> entry : expectedShapes(config).entrySet()) {
            String name = entry.getKey();
            Shape shape = entry.getValue();
            NDArray value;
            if (name.endsWith("layer_norm.weight")) {
                value = manager.ones(shape, DataType.FLOAT32);
            } else {
                float std = factor * (float) Math.pow(fanInFor(name, config), -0.5);
                value = manager.randomNormal(0f, std, shape, DataType.FLOAT32);
            }
            value.setName(name);
            parameters.put(name, value);
        }
        return parameters;
    }

    static NDArray require(Map<String, NDArray> parameters, String name) {
        NDArray value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing T5 parameter " + name);
        }
        return value;
    }

    private static double fanInFor(String name, T5Config config) {
        if (name.equals(SHARED) || name.equals(LM_HEAD)) {
            return 1.0; // HF draws embeddings and the untied head with std = factor
        }
        if (name.endsWith(".q.weight")) {
            return (double) config.dModel() * config.dKv();
        }
        if (name.endsWith(".o.weight")) {
            return config.innerDim();
        }
        if (name.endsWith(".wo.weight")) {
            return config.dFf();
        }
        return config.dModel(); // k, v, wi*, relative_attention_bias
    }

    private static void addStack(Map<String, Shape> shapes, T5Config config, String stack, int layers,
            boolean decoder) {
        Shape projection = new Shape(config.innerDim(), config.dModel());
        Shape output = new Shape(config.dModel(), config.innerDim());
        Shape norm = new Shape(config.dModel());
        for (int i = 0; i < layers; i++) {
            String block = stack + ".block." + i + ".layer.";
            addAttention(shapes, block + "0.SelfAttention.", projection, output);
            if (i == 0) {
                shapes.put(block + "0.SelfAttention.relative_attention_bias.weight",
                        new Shape(config.relativeAttentionNumBuckets(), config.numHeads()));
            }
            shapes.put(block + "0.layer_norm.weight", norm);
            int ff = 1;
            if (decoder) {
                addAttention(shapes, block + "1.EncDecAttention.", projection, output);
                shapes.put(block + "1.layer_norm.weight", norm);
                ff = 2;
            }
            String dense = block + ff + ".DenseReluDense.";
            Shape in = new Shape(config.dFf(), config.dModel());
            if (config.gatedActivation()) {
                shapes.put(dense + "wi_0.weight", in);
                shapes.put(dense + "wi_1.weight", in);
            } else {
                shapes.put(dense + "wi.weight", in);
            }
            shapes.put(dense + "wo.weight", new Shape(config.dModel(), config.dFf()));
            shapes.put(block + ff + ".layer_norm.weight", norm);
        }
        shapes.put(stack + ".final_layer_norm.weight", norm);
    }

    private static void addAttention(Map<String, Shape> shapes, String prefix, Shape projection, Shape output) {
        shapes.put(prefix + "q.weight", projection);
        shapes.put(prefix + "k.weight", projection);
        shapes.put(prefix + "v.weight", projection);
        shapes.put(prefix + "o.weight", output);
    }
}
