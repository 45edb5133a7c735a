package io.tuneline.template.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.TaskDefinition;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A render's id is a digest of everything that decides its output (not of why it was asked for), so equal renders
 * share an id and a place, and a redelivered event rewrites identical files.
 */
final class RenderIds {

    /** Sorts map keys, so the id does not depend on map iteration order. */
    private final ObjectMapper digestMapper;

    RenderIds(ObjectMapper mapper) {
        this.digestMapper = mapper.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    /** What a render's output depends on. */
    record Inputs(String datasetId, String versionId, String mixture, List<RenderManifest.Component> components,
                  List<TaskDefinition> tasks, List<List<PromptTemplate>> templates, Long totalTrainExamples,
                  long seed, int maxInputTokens, String tokenizer) {
    }

    /**
     * What decides the prompts of one example apart from the example itself: task, templates (with their text),
     * seed, input limit and tokenizer. Dataset segments rendered under the same key are reused as they are.
     */
    String segmentRenderKey(TaskDefinition task, List<PromptTemplate> templates, long seed, int maxInputTokens,
                            String tokenizer) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("task", task);
        fields.put("templates", templates);
        fields.put("seed", seed);
        fields.put("maxInputTokens", maxInputTokens);
        fields.put("tokenizer", tokenizer);
        return "s-" + digest(fields);
    }

    String renderId(Inputs inputs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("datasetId", inputs.datasetId());
        fields.put("versionId", inputs.versionId());
        fields.put("mixture", inputs.mixture());
        fields.put("components", inputs.components());
        fields.put("tasks", inputs.tasks());
        fields.put("templates", inputs.templates());
        fields.put("totalTrainExamples", inputs.totalTrainExamples());
        fields.put("seed", inputs.seed());
        fields.put("maxInputTokens", inputs.maxInputTokens());
        fields.put("tokenizer", inputs.tokenizer());
        return "r-" + digest(fields);
    }

    private String digest(Map<String, Object> fields) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(digestMapper.writeValueAsBytes(fields));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute the render id", e);
        }
    }
}
