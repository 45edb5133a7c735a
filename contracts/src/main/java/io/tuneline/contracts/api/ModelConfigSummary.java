package io.tuneline.contracts.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a person wants to know about a T5 checkpoint before training it, from its {@code config.json} and the
 * tensor shapes in its safetensors header(s).
 *
 * @param feedForward    {@code feed_forward_proj}: {@code relu} (T5 1.0) or {@code gated-gelu} (FLAN-T5, T5 1.1)
 * @param parameterCount counted from the stored tensors (a tied embedding once); -1 when no weights were found
 */
public record ModelConfigSummary(String modelType, int dModel, int dKv, int dFf, int encoderLayers,
                                 int decoderLayers, int heads, int vocabSize, String feedForward,
                                 boolean tiedEmbeddings, long parameterCount, boolean tokenizerPresent) {

    public static ModelConfigSummary of(JsonNode config, long parameterCount, boolean tokenizerPresent) {
        int layers = config.path("num_layers").asInt(0);
        return new ModelConfigSummary(config.path("model_type").asText("t5"), config.path("d_model").asInt(0),
                config.path("d_kv").asInt(0), config.path("d_ff").asInt(0), layers,
                config.path("num_decoder_layers").asInt(layers), config.path("num_heads").asInt(0),
                config.path("vocab_size").asInt(0), config.path("feed_forward_proj").asText("relu"),
                config.path("tie_word_embeddings").asBoolean(true), parameterCount, tokenizerPresent);
    }
}
