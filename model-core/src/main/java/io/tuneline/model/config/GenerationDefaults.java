package io.tuneline.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generation settings a checkpoint ships in {@code generation_config.json}. Absent values are null so a
 * caller can tell "not set by the checkpoint" from a default.
 */
public record GenerationDefaults(
        long decoderStartTokenId,
        long eosTokenId,
        long padTokenId,
        Integer maxLength,
        Integer maxNewTokens,
        Integer minNewTokens,
        Integer numBeams,
        Double lengthPenalty,
        Boolean earlyStopping,
        Integer noRepeatNgramSize,
        Double repetitionPenalty) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Defaults derived from the model config, as transformers does when generation_config.json is missing. */
    public static GenerationDefaults fromModelConfig(T5Config config) {
        return new GenerationDefaults(config.decoderStartTokenId(), config.eosTokenId(), config.padTokenId(),
                null, null, null, null, null, null, null, null);
    }

    /** Reads generation_config.json; ids missing there fall back to the model config's. */
    public static GenerationDefaults read(Path generationConfigJson, T5Config config) {
        try {
            JsonNode json = JSON.readTree(generationConfigJson.toFile());
            return new GenerationDefaults(
                    firstId(json.path("decoder_start_token_id"), config.decoderStartTokenId()),
                    firstId(json.path("eos_token_id"), config.eosTokenId()),
                    firstId(json.path("pad_token_id"), config.padTokenId()),
                    intOrNull(json, "max_length"),
                    intOrNull(json, "max_new_tokens"),
                    intOrNull(json, "min_new_tokens"),
                    intOrNull(json, "num_beams"),
                    json.hasNonNull("length_penalty") ? json.get("length_penalty").asDouble() : null,
                    json.hasNonNull("early_stopping") && json.get("early_stopping").isBoolean()
                            ? json.get("early_stopping").asBoolean() : null,
                    intOrNull(json, "no_repeat_ngram_size"),
                    json.hasNonNull("repetition_penalty") ? json.get("repetition_penalty").asDouble() : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + generationConfigJson, e);
        }
    }

    /** Writes generation_config.json with the values that are set. */
    public void write(Path generationConfigJson) {
        ObjectNode json = JSON.createObjectNode();
        json.put("decoder_start_token_id", decoderStartTokenId);
        json.put("eos_token_id", eosTokenId);
        json.put("pad_token_id", padTokenId);
        putIfSet(json, "max_length", maxLength);
        putIfSet(json, "max_new_tokens", maxNewTokens);
        putIfSet(json, "min_new_tokens", minNewTokens);
        putIfSet(json, "num_beams", numBeams);
        if (lengthPenalty != null) {
            json.put("length_penalty", lengthPenalty);
        }
        if (earlyStopping != null) {
            json.put("early_stopping", earlyStopping);
        }
        putIfSet(json, "no_repeat_ngram_size", noRepeatNgramSize);
        if (repetitionPenalty != null) {
            json.put("repetition_penalty", repetitionPenalty);
        }
        try {
            Files.writeString(generationConfigJson, JSON.writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + generationConfigJson, e);
        }
    }

    private static void putIfSet(ObjectNode json, String field, Integer value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static Integer intOrNull(JsonNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asInt() : null;
    }

    private static long firstId(JsonNode node, long fallback) {
        if (node.isArray()) {
            return node.isEmpty() ? fallback : node.get(0).asLong();
        }
        return node.isNumber() ? node.asLong() : fallback;
    }
}
