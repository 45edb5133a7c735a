package io.tuneline.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The architecture of a T5 / FLAN-T5 model, read from a Hugging Face {@code config.json}.
 *
 * <p>Both config forms are understood: the classic one, where {@code tie_word_embeddings} alone decides the
 * lm head and a tied head implies rescaling the decoder output by {@code d_model^-0.5}, and transformers 5's,
 * which states the rescaling separately in {@code scale_decoder_outputs}.
 *
 * @param denseActivation activation inside the feed-forward layer: {@code relu}, {@code gelu_new} (tanh
 *     approximation), {@code gelu} (exact) or {@code silu}
 * @param gatedActivation whether the feed-forward layer is gated ({@code wi_0}, {@code wi_1}, {@code wo})
 * @param scaleDecoderOutputs whether the decoder output is multiplied by {@code d_model^-0.5} before the lm head
 */
public record T5Config(
        int vocabSize,
        int dModel,
        int dKv,
        int dFf,
        int numLayers,
        int numDecoderLayers,
        int numHeads,
        int relativeAttentionNumBuckets,
        int relativeAttentionMaxDistance,
        float dropoutRate,
        float layerNormEpsilon,
        float initializerFactor,
        String denseActivation,
        boolean gatedActivation,
        boolean tieWordEmbeddings,
        boolean scaleDecoderOutputs,
        long padTokenId,
        long eosTokenId,
        long decoderStartTokenId) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public T5Config {
        denseActivation = denseActivation.toLowerCase(Locale.ROOT);
        switch (denseActivation) {
            case "relu", "gelu_new", "gelu", "silu" -> { }
            default -> throw new IllegalArgumentException(
                    "unsupported T5 feed-forward activation '" + denseActivation + "' (relu, gelu_new, gelu, silu)");
        }
        if (dModel <= 0 || dKv <= 0 || dFf <= 0 || numHeads <= 0 || vocabSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException("T5 config sizes must be positive: " + dModel + "/" + dKv + "/"
                    + dFf + "/" + numHeads + "/" + vocabSize + "/" + numLayers);
        }
    }

    /** Width of the attention projections; T5 does not require it to equal {@code d_model}. */
    public int innerDim() {
        return numHeads * dKv;
    }

    /** Reads {@code config.json}. Unknown fields are ignored. */
    public static T5Config read(Path configJson) {
        try {
            return fromJson(JSON.readTree(configJson.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read T5 config " + configJson, e);
        }
    }

    /** Interprets a parsed {@code config.json} with Hugging Face's defaults for absent fields. */
    public static T5Config fromJson(JsonNode json) {
        int numLayers = json.path("num_layers").asInt(6);
        // HF: "gated-gelu" -> gated, activation gelu_new; "relu" -> plain relu; "gated-silu" -> gated silu.
        String feedForwardProj = json.path("feed_forward_proj").asText("relu");
        String[] parts = feedForwardProj.split("-");
        boolean gated = parts.length > 1 && parts[0].equals("gated");
        if (parts.length > 2 || (parts.length == 2 && !gated)) {
            throw new IllegalArgumentException("unsupported feed_forward_proj '" + feedForwardProj + "'");
        }
        String activation = "gated-gelu".equals(feedForwardProj) ? "gelu_new" : parts[parts.length - 1];
        // transformers writes the derived values back; when present they are what it will use.
        if (json.hasNonNull("dense_act_fn")) {
            activation = json.get("dense_act_fn").asText();
        }
        if (json.hasNonNull("is_gated_act")) {
            gated = json.get("is_gated_act").asBoolean();
        }
        boolean tied = json.path("tie_word_embeddings").asBoolean(true);
        boolean scale = json.hasNonNull("scale_decoder_outputs") ? json.get("scale_decoder_outputs").asBoolean() : tied;
        return new T5Config(
                json.path("vocab_size").asInt(32128),
                json.path("d_model").asInt(512),
                json.path("d_kv").asInt(64),
                json.path("d_ff").asInt(2048),
                numLayers,
                json.hasNonNull("num_decoder_layers") ? json.get("num_decoder_layers").asInt() : numLayers,
                json.path("num_heads").asInt(8),
                json.path("relative_attention_num_buckets").asInt(32),
                json.path("relative_attention_max_distance").asInt(128),
                (float) json.path("dropout_rate").asDouble(0.1),
                (float) json.path("layer_norm_epsilon").asDouble(1e-6),
                (float) json.path("initializer_factor").asDouble(1.0),
                activation,
                gated,
                tied,
                scale,
                firstId(json.path("pad_token_id"), 0),
                firstId(json.path("eos_token_id"), 1),
                firstId(json.path("decoder_start_token_id"), 0));
    }

    /** The same architecture without dropout, for evaluation-style runs and parity checks. */
    public T5Config withDropoutRate(float rate) {
        return new T5Config(vocabSize, dModel, dKv, dFf, numLayers, numDecoderLayers, numHeads,
                relativeAttentionNumBuckets, relativeAttentionMaxDistance, rate, layerNormEpsilon, initializerFactor,
                denseActivation, gatedActivation, tieWordEmbeddings, scaleDecoderOutputs, padTokenId, eosTokenId,
                decoderStartTokenId);
    }

    /**
     * The config.json content in Hugging Face's field names (both the classic and the transformers-5 fields).
     *
     * @param torchDtype the stored weight type as transformers names it ("float32", "float16", "bfloat16")
     */
    public ObjectNode toJson(String torchDtype) {
        ObjectNode json = JSON.createObjectNode();
        json.putArray("architectures").add("T5ForConditionalGeneration");
        json.put("model_type", "t5");
        json.put("vocab_size", vocabSize);
        json.put("d_model", dModel);
        json.put("d_kv", dKv);
        json.put("d_ff", dFf);
        json.put("num_layers", numLayers);
        json.put("num_decoder_layers", numDecoderLayers);
        json.put("num_heads", numHeads);
        json.put("relative_attention_num_buckets", relativeAttentionNumBuckets);
        json.put("relative_attention_max_distance", relativeAttentionMaxDistance);
        json.put("dropout_rate", dropoutRate);
        json.put("layer_norm_epsilon", layerNormEpsilon);
        json.put("initializer_factor", initializerFactor);
        json.put("feed_forward_proj", (gatedActivation ? "gated-" : "") + feedForwardName());
        json.put("dense_act_fn", denseActivation);
        json.put("is_gated_act", gatedActivation);
        json.put("is_encoder_decoder", true);
        json.put("tie_word_embeddings", tieWordEmbeddings);
        json.put("scale_decoder_outputs", scaleDecoderOutputs);
        json.put("pad_token_id", padTokenId);
        json.put("eos_token_id", eosTokenId);
        json.put("decoder_start_token_id", decoderStartTokenId);
        json.put("use_cache", true);
        json.put("torch_dtype", torchDtype);
        return json;
    }

    /** Writes config.json. */
    public void write(Path configJson, String torchDtype) {
        try {
            Files.writeString(configJson, JSON.writeValueAsString(toJson(torchDtype)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configJson, e);
        }
    }

    /** The shape of google/flan-t5-small (77M parameters), used by the training benchmark. */
    public static T5Config flanT5SmallShape() {
        return new T5Config(32128, 512, 64, 1024, 8, 8, 6, 32, 128, 0.1f, 1e-6f, 1.0f,
                "gelu_new", true, false, false, 0, 1, 0);
    }

    /** A tiny FLAN-T5-like shape for fast tests (inner attention width 64 != d_model 48). */
    public static T5Config tinyShape() {
        return new T5Config(128, 48, 16, 96, 2, 2, 4, 32, 128, 0.1f, 1e-6f, 1.0f,
                "gelu_new", true, false, false, 0, 1, 0);
    }

    private String feedForwardName() {
        // HF derives "gelu_new" from "gated-gelu"; write the name it parses back to the same activation.
        return gatedActivation && denseActivation.equals("gelu_new") ? "gelu" : denseActivation;
    }

    private static long firstId(JsonNode node, long fallback) {
        if (node.isArray()) {
            return node.isEmpty() ? fallback : node.get(0).asLong();
        }
        return node.isNumber() ? node.asLong() : fallback;
    }
}
