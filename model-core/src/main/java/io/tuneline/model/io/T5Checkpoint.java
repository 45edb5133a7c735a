package io.tuneline.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tuneline.model.config.GenerationDefaults;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The entry point for Hugging Face checkpoint folders: loads a {@link T5ForConditionalGeneration} from one and
 * saves one back, as transformers' {@code from_pretrained} / {@code save_pretrained} do.
 */
public final class T5Checkpoint {

    private T5Checkpoint() {
    }

    /** Loads a Hugging Face checkpoint folder into a new manager owned by the model. */
    public static T5ForConditionalGeneration load(Path checkpointDir) {
        return load(checkpointDir, NDManager.newBaseManager());
    }

    /** Loads a Hugging Face checkpoint folder; the parameters are created in (and owned by) {@code manager}. */
    public static T5ForConditionalGeneration load(Path checkpointDir, NDManager manager) {
        T5Config config = T5Config.read(checkpointDir.resolve("config.json"));
        Path generationJson = checkpointDir.resolve("generation_config.json");
        GenerationDefaults generation = Files.exists(generationJson)
                ? GenerationDefaults.read(generationJson, config)
                : GenerationDefaults.fromModelConfig(config);
        Map<String, NDArray> parameters = CheckpointLoader.load(checkpointDir, config, manager);
        Path tokenizerJson = checkpointDir.resolve("tokenizer.json");
        return new T5ForConditionalGeneration(config, generation, manager, parameters,
                Files.exists(tokenizerJson) ? tokenizerJson : null);
    }

    /**
     * Saves a Hugging Face checkpoint folder: config.json, model.safetensors (float32, HF names),
     * generation_config.json, and tokenizer.json when the model was loaded with one.
     */
    public static void save(T5ForConditionalGeneration model, Path dir) {
        save(model, dir, CheckpointWriter.StoredType.FLOAT32);
    }

    /** Saves a Hugging Face checkpoint folder with the weights stored as {@code storedType}. */
    public static void save(T5ForConditionalGeneration model, Path dir, CheckpointWriter.StoredType storedType) {
        CheckpointWriter.write(dir, model, storedType);
    }
}
