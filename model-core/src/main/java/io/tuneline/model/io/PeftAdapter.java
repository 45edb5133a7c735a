package io.tuneline.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.nn.T5ParameterLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * LoRA adapters in Hugging Face PEFT's folder format: {@code adapter_config.json} and
 * {@code adapter_model.safetensors} with keys such as
 * {@code base_model.model.decoder.block.3.layer.1.EncDecAttention.q.lora_A.weight} (no adapter name), {@code lora_A}
 * shaped {@code [r, in]} and {@code lora_B} {@code [out, r]} — what {@code PeftModel.save_pretrained} writes and
 * {@code PeftModel.from_pretrained} reads.
 */
public final class PeftAdapter {

    public static final String CONFIG_JSON = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    private static final String KEY_PREFIX = "base_model.model.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PeftAdapter() {
    }

    /** Whether {@code dir} holds a PEFT adapter rather than a full checkpoint. */
    public static boolean isAdapter(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG_JSON));
    }

    /** Writes {@code adapter_config.json} and {@code adapter_model.safetensors} (float32) into {@code dir}. */
    public static void save(LoraAdapter adapter, Path dir) {
        LoraConfig config = adapter.config();
        ObjectNode json = JSON.createObjectNode();
        json.put("peft_type", "LORA");
        json.put("task_type", "SEQ_2_SEQ_LM");
        json.put("r", config.r());
        json.put("lora_alpha", config.alpha());
        json.put("lora_dropout", config.dropout());
        json.putPOJO("target_modules", config.targetModules());
        json.put("bias", "none");
        json.put("fan_in_fan_out", false);
        json.put("base_model_name_or_path", config.baseModelNameOrPath());
        json.put("inference_mode", true);
        json.put("init_lora_weights", true);
        json.put("use_rslora", false);
        json.put("use_dora", false);
        json.putNull("modules_to_save");
        json.putObject("rank_pattern");
        json.putObject("alpha_pattern");
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        adapter.weights().forEach((name, weight) -> tensors.put(KEY_PREFIX + name, weight));
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(CONFIG_JSON).toFile(), json);
            SafeTensorsWriter.write(dir.resolve(WEIGHTS), tensors, DataType.FLOAT32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the adapter to " + dir, e);
        }
    }

    /**
     * Reads a PEFT LoRA adapter for a model of {@code modelConfig}, checking every module name and shape; the
     * adapter's arrays live in a manager of their own (closed with the adapter).
     */
    public static LoraAdapter load(Path dir, T5Config modelConfig) {
        JsonNode json = readConfig(dir);
        LoraConfig config = new LoraConfig(json.path("r").asInt(), json.path("lora_alpha").asDouble(),
                json.path("lora_dropout").asDouble(0), targetModules(json.path("target_modules"), dir),
                json.path("base_model_name_or_path").asText(null));
        Map<String, Shape> expected = T5ParameterLayout.expectedShapes(modelConfig);
        SafeTensorsFile file = SafeTensorsFile.open(dir.resolve(WEIGHTS));
        List<String> problems = new ArrayList<>();
        NDManager manager = NDManager.newBaseManager();
        Map<String, NDArray> weights = new LinkedHashMap<>();
        for (String key : new TreeSet<>(file.tensors().keySet())) {
            String name = key.startsWith(KEY_PREFIX) ? key.substring(KEY_PREFIX.length()) : key;
            name = name.replace(".lora_A.default.weight", LoraAdapter.A_SUFFIX)
                    .replace(".lora_B.default.weight", LoraAdapter.B_SUFFIX);
            boolean isA = name.endsWith(LoraAdapter.A_SUFFIX);
            if (!isA && !name.endsWith(LoraAdapter.B_SUFFIX)) {
                problems.add("unexpected tensor " + key + " (only lora_A / lora_B weights are supported)");
                continue;
            }
            String module = name.substring(0, name.length() - LoraAdapter.A_SUFFIX.length());
            Shape base = expected.get(module + ".weight");
            if (base == null) {
                problems.add(key + " adapts " + module + ", which this model does not have");
                continue;
            }
            Shape want = isA ? new Shape(config.r(), base.get(1)) : new Shape(base.get(0), config.r());
            Shape got = file.tensors().get(key).shape();
            if (!want.equals(got)) {
                problems.add(key + " has shape " + got + ", expected " + want);
                continue;
            }
            weights.put(name, file.read(key, manager));
        }
        weights.keySet().stream().map(n -> n.substring(0, n.length() - LoraAdapter.A_SUFFIX.length()))
                .distinct().forEach(module -> {
                    if (!weights.containsKey(module + LoraAdapter.A_SUFFIX)
                            || !weights.containsKey(module + LoraAdapter.B_SUFFIX)) {
                        problems.add(module + " has only one of lora_A / lora_B");
                    }
                });
        if (weights.isEmpty() && problems.isEmpty()) {
            problems.add("no LoRA weights in " + dir.resolve(WEIGHTS));
        }
        if (!problems.isEmpty()) {
            manager.close();
            throw new CheckpointException("not a LoRA adapter for this model (" + dir + "):\n  - "
                    + String.join("\n  - ", problems));
        }
        return new LoraAdapter(config, weights, manager);
    }

    /**
     * Writes a plain Hugging Face checkpoint of {@code base} with the adapter folded in
     * ({@code W + alpha/r · B·A}), for tools that do not know adapters.
     */
    public static void merge(T5ForConditionalGeneration base, LoraAdapter adapter, Path dir) {
        try (NDManager merged = base.manager().newSubManager()) {
            Map<String, NDArray> parameters = adapter.mergeInto(base.parameters(), merged);
            T5ForConditionalGeneration mergedModel = new T5ForConditionalGeneration(base.config(),
                    base.generationDefaults(), merged, parameters, base.tokenizerJson());
            T5Checkpoint.save(mergedModel, dir);
        }
    }

    private static JsonNode readConfig(Path dir) {
        try {
            JsonNode json = JSON.readTree(dir.resolve(CONFIG_JSON).toFile());
            List<String> unsupported = new ArrayList<>();
            if (!"LORA".equals(json.path("peft_type").asText())) {
                unsupported.add("peft_type " + json.path("peft_type") + " (only LORA)");
            }
            if (!json.path("bias").asText("none").equals("none")) {
                unsupported.add("bias " + json.path("bias") + " (T5 has no biases; only \"none\")");
            }
            if (json.path("fan_in_fan_out").asBoolean(false)) {
                unsupported.add("fan_in_fan_out true (T5 uses nn.Linear)");
            }
            if (json.path("use_rslora").asBoolean(false) || json.path("use_dora").asBoolean(false)) {
                unsupported.add("use_rslora / use_dora");
            }
            if (json.path("rank_pattern").size() > 0 || json.path("alpha_pattern").size() > 0) {
                unsupported.add("rank_pattern / alpha_pattern");
            }
            if (!unsupported.isEmpty()) {
                throw new CheckpointException(dir.resolve(CONFIG_JSON) + " uses what Tuneline does not support: "
                        + String.join("; ", unsupported));
            }
            return json;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + dir.resolve(CONFIG_JSON) + ": " + e.getMessage());
        }
    }

    private static List<String> targetModules(JsonNode node, Path dir) {
        if (node.isArray()) {
            List<String> targets = new ArrayList<>();
            node.forEach(target -> targets.add(target.asText()));
            return targets;
        }
        if (node.isTextual()) {
            return List.of(node.asText()); // a regex in PEFT; the weights file says which modules are adapted
        }
        throw new CheckpointException(dir.resolve(CONFIG_JSON) + " has no target_modules");
    }
}
