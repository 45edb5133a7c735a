package io.tuneline.model.io;

import ai.djl.ndarray.types.DataType;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a model as a Hugging Face checkpoint folder that transformers' {@code from_pretrained} can load. */
public final class CheckpointWriter {

    /** The float type the weights are stored in. */
    public enum StoredType {
        FLOAT32(DataType.FLOAT32, "float32"), FLOAT16(DataType.FLOAT16, "float16"),
        BFLOAT16(DataType.BFLOAT16, "bfloat16");

        private final DataType dataType;
        private final String torchName;

        StoredType(DataType dataType, String torchName) {
            this.dataType = dataType;
            this.torchName = torchName;
        }
    }

    private CheckpointWriter() {
    }

    /**
     * Writes config.json, model.safetensors, generation_config.json and (if the model has one) tokenizer.json.
     * Only {@code shared.weight} is written for the embedding: like HF's save_pretrained, which drops the tied
     * aliases {@code encoder/decoder.embed_tokens.weight} (and {@code lm_head.weight} when the head is tied)
     * and re-ties them on load.
     */
    public static void write(Path dir, T5ForConditionalGeneration model, StoredType storedType) {
        try {
            Files.createDirectories(dir);
            model.config().write(dir.resolve("config.json"), storedType.torchName);
            model.generationDefaults().write(dir.resolve("generation_config.json"));
            SafeTensorsWriter.write(dir.resolve(CheckpointLoader.SINGLE_FILE), model.parameters(),
                    storedType.dataType);
            Path tokenizerJson = model.tokenizerJson();
            if (tokenizerJson != null && !tokenizerJson.toAbsolutePath().equals(
                    dir.resolve("tokenizer.json").toAbsolutePath())) {
                Files.copy(tokenizerJson, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint to " + dir, e);
        }
    }
}
