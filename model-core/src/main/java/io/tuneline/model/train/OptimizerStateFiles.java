package io.tuneline.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.io.SafeTensorsFile;
import io.tuneline.model.io.SafeTensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and restores an {@link Optimizer}'s state in a folder: {@value #TENSORS} (every state tensor in float32,
 * torch's names such as {@code exp_avg.shared.weight}) and {@value #META} ({@code optimizer}, {@code steps}).
 */
public final class OptimizerStateFiles {

    public static final String TENSORS = "optimizer.safetensors";
    public static final String META = "optimizer.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OptimizerStateFiles() {
    }

    public static void save(Optimizer optimizer, Path dir) {
        try {
            Files.createDirectories(dir);
            SafeTensorsWriter.write(dir.resolve(TENSORS), optimizer.state(), DataType.FLOAT32);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(META).toFile(),
                    Map.of("optimizer", optimizer.name(), "steps", optimizer.steps()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save optimizer state to " + dir, e);
        }
    }

    /**
     * Puts the state saved in {@code dir} back into {@code optimizer}.
     *
     * @throws IllegalArgumentException when it was saved by another optimizer or for other parameters
     */
    public static void restore(Optimizer optimizer, Path dir) {
        JsonNode meta;
        try {
            meta = JSON.readTree(dir.resolve(META).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read optimizer state in " + dir, e);
        }
        String saved = meta.path("optimizer").asText();
        if (!saved.equals(optimizer.name())) {
            throw new IllegalArgumentException("the optimizer state in " + dir + " is " + saved + "'s, not "
                    + optimizer.name() + "'s");
        }
        SafeTensorsFile file = SafeTensorsFile.open(dir.resolve(TENSORS));
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (String name : file.tensors().keySet()) {
                tensors.put(name, file.read(name, manager));
            }
            optimizer.restore(meta.path("steps").asInt(), tensors);
        }
    }
}
