package io.tuneline.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.nn.T5ParameterLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads the weights of a Hugging Face T5 checkpoint folder ({@code model.safetensors}, or shards listed in
 * {@code model.safetensors.index.json}) after checking every name and shape against the model's layout.
 */
public final class CheckpointLoader {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String SHARD_INDEX = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointLoader() {
    }

    /**
     * Reads the parameters into {@code manager} as float32, in state_dict order. Fails before reading any
     * data if a tensor is missing, unexpected or mis-shaped; the message lists all of them.
     */
    public static Map<String, NDArray> load(Path checkpointDir, T5Config config, NDManager manager) {
        Map<String, SafeTensorsFile.TensorInfo> available = new LinkedHashMap<>();
        Map<String, SafeTensorsFile> fileOf = new LinkedHashMap<>();
        for (SafeTensorsFile file : weightFiles(checkpointDir)) {
            for (SafeTensorsFile.TensorInfo info : file.tensors().values()) {
                available.put(info.name(), info);
                fileOf.put(info.name(), file);
            }
        }
        Map<String, Shape> expected = T5ParameterLayout.expectedShapes(config);
        Map<String, String> sources = resolveSources(expected, available, config, checkpointDir);
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> entry : sources.entrySet()) {
                parameters.put(entry.getKey(), fileOf.get(entry.getValue()).read(entry.getValue(), manager));
                parameters.get(entry.getKey()).setName(entry.getKey());
            }
        } catch (RuntimeException e) {
            parameters.values().forEach(NDArray::close);
            throw e;
        }
        return parameters;
    }

    /** The safetensors files of a checkpoint folder: the single file, or every shard of the index. */
    static List<SafeTensorsFile> weightFiles(Path checkpointDir) {
        Path single = checkpointDir.resolve(SINGLE_FILE);
        Path index = checkpointDir.resolve(SHARD_INDEX);
        if (Files.exists(single)) {
            return List.of(SafeTensorsFile.open(single));
        }
        if (!Files.exists(index)) {
            throw new CheckpointException(checkpointDir + " has neither " + SINGLE_FILE + " nor " + SHARD_INDEX);
        }
        try {
            JsonNode weightMap = JSON.readTree(index.toFile()).path("weight_map");
            Set<String> shards = new LinkedHashSet<>();
            weightMap.elements().forEachRemaining(shard -> shards.add(shard.asText()));
            List<SafeTensorsFile> files = new ArrayList<>();
            for (String shard : shards) {
                Path shardPath = checkpointDir.resolve(shard).normalize();
                if (!shardPath.startsWith(checkpointDir.normalize()) || !Files.exists(shardPath)) {
                    throw new CheckpointException(index + " lists a missing shard " + shard);
                }
                files.add(SafeTensorsFile.open(shardPath));
            }
            List<String> misplaced = new ArrayList<>();
            weightMap.fields().forEachRemaining(entry -> {
                boolean found = files.stream().anyMatch(file -> file.path().getFileName().toString()
                        .equals(entry.getValue().asText()) && file.tensors().containsKey(entry.getKey()));
                if (!found) {
                    misplaced.add(entry.getKey() + " (index says " + entry.getValue().asText() + ")");
                }
            });
            if (!misplaced.isEmpty()) {
                throw new CheckpointException(index + " lists tensors its shards do not hold: " + misplaced);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
    }

    /**
     * Which stored tensor feeds each parameter. HF ties {@code encoder.embed_tokens}, {@code decoder.embed_tokens}
     * (and {@code lm_head} when the head is tied) to {@code shared}; such copies are accepted and ignored, and
     * one of them stands in for {@code shared.weight} if only the copies were saved.
     */
    private static Map<String, String> resolveSources(Map<String, Shape> expected,
            Map<String, SafeTensorsFile.TensorInfo> available, T5Config config, Path checkpointDir) {
        List<String> tiedCopies = new ArrayList<>(List.of(
                T5ParameterLayout.ENCODER_EMBED_TOKENS, T5ParameterLayout.DECODER_EMBED_TOKENS));
        if (config.tieWordEmbeddings()) {
            tiedCopies.add(T5ParameterLayout.LM_HEAD);
        }
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> misShaped = new TreeMap<>();
        for (Map.Entry<String, Shape> entry : expected.entrySet()) {
            String name = entry.getKey();
            String source = name;
            if (!available.containsKey(name) && name.equals(T5ParameterLayout.SHARED)) {
                source = tiedCopies.stream().filter(available::containsKey).findFirst().orElse(name);
            }
            SafeTensorsFile.TensorInfo info = available.get(source);
            if (info == null) {
                missing.add(name);
                continue;
            }
            if (!info.shape().equals(entry.getValue())) {
                misShaped.put(source, "expected " + entry.getValue() + " but found " + info.shape());
            }
            sources.put(name, source);
        }
        for (String copy : tiedCopies) {
            SafeTensorsFile.TensorInfo info = available.get(copy);
            Shape sharedShape = expected.get(T5ParameterLayout.SHARED);
            if (info != null && !info.shape().equals(sharedShape)) {
                misShaped.put(copy, "expected " + sharedShape + " but found " + info.shape());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : available.keySet()) {
            if (!expected.containsKey(name) && !tiedCopies.contains(name)) {
                unexpected.add(name);
            }
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing tensors " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected tensors " + unexpected);
        }
        if (!misShaped.isEmpty()) {
            problems.add("mis-shaped tensors " + misShaped);
        }
        if (!problems.isEmpty()) {
            throw new CheckpointException("checkpoint " + checkpointDir + " does not match its config.json: "
                    + String.join("; ", problems));
        }
        return sources;
    }
}
