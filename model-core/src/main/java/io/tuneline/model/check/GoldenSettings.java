package io.tuneline.model.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.generate.GenerationConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a golden file's companion JSON says: the loss, the AdamW settings and the generation settings of each
 * {@code generate.<name>} key. Keys without settings in the JSON use the settings the fixtures' README gives
 * for that name.
 */
public record GoldenSettings(Double loss, AdamWSettings adamw, Map<String, GenerationConfig> generation) {

    /** The settings of torch.optim.AdamW's first step in the fixtures. */
    public record AdamWSettings(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        static final AdamWSettings FIXTURES = new AdamWSettings(1e-3, 0.9, 0.999, 1e-8, 0.01);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Generation settings by key name, as the fixtures' README documents them. */
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("greedy", "max_new_tokens=24"),
            Map.entry("beam4", "num_beams=4, length_penalty=1.0, early_stopping=True, max_new_tokens=24"),
            Map.entry("beam4_lp06_norep3",
                    "num_beams=4, length_penalty=0.6, no_repeat_ngram_size=3, early_stopping=True, max_new_tokens=24"),
            Map.entry("greedy64", "max_new_tokens=64"),
            Map.entry("beam4_es_true", "max_new_tokens=64, num_beams=4, early_stopping=True"),
            Map.entry("beam4_es_false", "max_new_tokens=64, num_beams=4, early_stopping=False"),
            Map.entry("beam4_lp2", "max_new_tokens=64, num_beams=4, length_penalty=2.0, early_stopping=True"),
            Map.entry("beam5_ret3", "max_new_tokens=64, num_beams=5, num_return_sequences=3, early_stopping=True"),
            Map.entry("greedy_min40", "max_new_tokens=64, min_new_tokens=40"),
            Map.entry("greedy_norep2", "max_new_tokens=64, no_repeat_ngram_size=2"));

    /** Reads {@code <name>.json} next to {@code <name>.safetensors}, when present. */
    public static GoldenSettings forGolden(Path goldenFile) {
        String name = goldenFile.getFileName().toString().replaceFirst("\\.safetensors$", "");
        Path json = goldenFile.resolveSibling(name + ".json");
        Map<String, GenerationConfig> generation = new LinkedHashMap<>();
        if (!Files.exists(json)) {
            return new GoldenSettings(null, AdamWSettings.FIXTURES, generation);
        }
        try {
            JsonNode root = JSON.readTree(json.toFile());
            // golden.json: "generate_settings": {"beam4": "num_beams=4, ..."}
            root.path("generate_settings").fields().forEachRemaining(entry ->
                    generation.put(entry.getKey(), GenerationConfig.fromHuggingFace(entry.getValue().asText())));
            // generate_long.json: "settings": {"greedy64": {"kwargs": {"max_new_tokens": 64, ...}}}
            root.path("settings").fields().forEachRemaining(entry -> {
                Map<String, Object> kwargs = new LinkedHashMap<>();
                entry.getValue().path("kwargs").fields()
                        .forEachRemaining(kwarg -> kwargs.put(kwarg.getKey(), kwarg.getValue().asText()));
                generation.put(entry.getKey(), GenerationConfig.fromHuggingFace(kwargs));
            });
            JsonNode adamw = root.path("adamw");
            AdamWSettings optimizer = adamw.isObject()
                    ? new AdamWSettings(adamw.path("lr").asDouble(), adamw.path("betas").path(0).asDouble(),
                            adamw.path("betas").path(1).asDouble(), adamw.path("eps").asDouble(),
                            adamw.path("weight_decay").asDouble())
                    : AdamWSettings.FIXTURES;
            Double loss = root.hasNonNull("loss") ? root.get("loss").asDouble() : null;
            return new GoldenSettings(loss, optimizer, generation);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    /** The settings for a {@code generate.<name>} key, from the JSON or else from the README's table. */
    Optional<GenerationConfig> generationFor(String name) {
        GenerationConfig fromJson = generation.get(name);
        if (fromJson != null) {
            return Optional.of(fromJson);
        }
        return Optional.ofNullable(KNOWN.get(name)).map(GenerationConfig::fromHuggingFace);
    }
}
