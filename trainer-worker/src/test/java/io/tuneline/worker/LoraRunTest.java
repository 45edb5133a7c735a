package io.tuneline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.SafeTensorsFile;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.worker.data.RunInputs;
import io.tuneline.worker.output.LocalRunOutput;
import io.tuneline.worker.progress.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Method {@code lora}: only the adapter trains, checkpoints are PEFT adapter folders, and a run resumes from one. */
class LoraRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String Q_B = "encoder.block.0.layer.0.SelfAttention.q.lora_B.weight";

    @TempDir
    Path dir;

    @Test
    void onlyTheAdapterTrainsAndTheResultIsAPeftAdapterThatLoadsAndMerges() throws Exception {
        Map<String, Object> fields = loraFields(30);
        fields.put("checkpointEvery", 10);
        fields.put("evalEvery", 10);
        Path out = dir.resolve("out");
        RecordingSink sink = new RecordingSink();
        Map<String, float[]> baseBefore = new LinkedHashMap<>();
        Map<String, float[]> baseAfter = new LinkedHashMap<>();
        Map<String, float[]> trained = new LinkedHashMap<>();

        RunResult result = new FineTuningRun("lora-1", RunSpecReader.validated(TrainingFixtures.spec(fields)),
                new RunInputs(() -> null, dir.resolve("work")), new LocalRunOutput(out), sink)
                .afterLoad(base -> base.parameters().forEach((name, w) -> baseBefore.put(name, w.toFloatArray())))
                .afterTraining(model -> {
                    assertThat(model.adapter()).isPresent();
                    model.parameters().forEach((name, w) -> baseAfter.put(name, w.toFloatArray()));
                    model.trainableParameters().forEach((name, w) -> trained.put(name, w.toFloatArray()));
                })
                .run();

        // The base is bit-identical after training; only lora_A / lora_B were trainable, and they moved.
        assertThat(baseAfter).hasSameSizeAs(baseBefore);
        baseBefore.forEach((name, before) -> assertThat(baseAfter.get(name)).as("base %s", name).isEqualTo(before));
        assertThat(trained.keySet()).allMatch(name -> name.endsWith(".lora_A.weight") || name.endsWith(".lora_B.weight"))
                .contains(Q_B, "decoder.block.1.layer.1.EncDecAttention.v.lora_A.weight");
        assertThat(trained.get(Q_B)).as("lora_B starts at zero and trains").isNotEqualTo(new float[trained.get(Q_B).length]);
        double firstLoss = sink.progress.get(0).loss();
        double lastLoss = sink.progress.get(sink.progress.size() - 1).loss();
        assertThat(lastLoss).isLessThan(firstLoss);

        // final/ is a PEFT adapter folder (no full weights) holding exactly the trained tensors, PEFT's key names.
        Path adapterDir = out.resolve("final");
        assertThat(adapterDir.resolve("model.safetensors")).doesNotExist();
        JsonNode config = JSON.readTree(adapterDir.resolve("adapter_config.json").toFile());
        assertThat(config.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(config.get("task_type").asText()).isEqualTo("SEQ_2_SEQ_LM");
        assertThat(config.get("r").asInt()).isEqualTo(4);
        assertThat(config.get("lora_alpha").asDouble()).isEqualTo(16.0);
        assertThat(config.get("base_model_name_or_path").asText()).isEqualTo(TrainingFixtures.tinyModel().toString());
        assertThat(SafeTensorsFile.open(adapterDir.resolve("adapter_model.safetensors")).tensors().keySet())
                .allMatch(key -> key.startsWith("base_model.model.") && !key.contains("default"))
                .contains("base_model.model." + Q_B);
        try (T5ForConditionalGeneration base = T5Checkpoint.load(TrainingFixtures.tinyModel());
                LoraAdapter loaded = PeftAdapter.load(adapterDir, base.config())) {
            trained.forEach((name, values) -> assertThat(loaded.weights().get(name).toFloatArray())
                    .as("saved %s", name).isEqualTo(values));
            assertThat(result.metrics().get("trainable_parameters")).isEqualTo((double) loaded.parameterCount());

            // Merged, only the adapted projections differ from the base.
            Path merged = dir.resolve("merged");
            PeftAdapter.merge(base, loaded, merged);
            try (T5ForConditionalGeneration plain = T5Checkpoint.load(merged)) {
                plain.parameters().forEach((name, weight) -> {
                    boolean adapted = name.endsWith(".q.weight") || name.endsWith(".v.weight");
                    assertThat(weight.toFloatArray()).as("merged %s", name).matches(values -> adapted
                            != Arrays.equals(values, base.parameters().get(name).toFloatArray()));
                });
            }
        }

        // The optimizer state holds the adapter's moments only; the metrics carry what a comparison needs.
        assertThat(SafeTensorsFile.open(out.resolve("step-20/trainer_state/optimizer.safetensors")).tensors().keySet())
                .isNotEmpty().allMatch(key -> key.contains(".lora_"));
        assertThat(result.metrics().get("model_parameters")).isGreaterThan(20 * result.metrics().get("trainable_parameters"));
        assertThat(result.metrics().get("checkpoint_bytes")).isEqualTo((double) filesBytes(adapterDir));
        assertThat(result.metrics()).containsKeys("wall_seconds", "train_tokens_per_second");
    }

    @Test
    void aLoraRunResumesFromItsAdapterCheckpointToTheSameAdapter() throws Exception {
        Map<String, Object> fields = loraFields(20);
        fields.put("checkpointEvery", 10);
        fields.put("lora", Map.of("r", 4, "alpha", 16, "dropout", 0.1, "targetModules", List.of("q", "v", "wo")));
        Path whole = dir.resolve("whole");
        RunResult uninterrupted = run(fields, whole);

        // A copy that stopped after step 10: its newest checkpoint is step-10, no final/ and no result yet.
        Path cut = dir.resolve("cut");
        copy(whole, cut);
        for (String name : List.of("final", "result.json", "best.json")) {
            deleteRecursively(cut.resolve(name));
        }
        assertThat(cut.resolve("step-10/adapter_model.safetensors")).exists();
        RecordingSink sink = new RecordingSink();
        RunResult resumed = new FineTuningRun("lora-run", RunSpecReader.validated(TrainingFixtures.spec(fields)),
                new RunInputs(() -> null, dir.resolve("work2")), new LocalRunOutput(cut), sink).run();

        assertThat(sink.started.get(0).resumedFromStep()).isEqualTo(10);
        assertThat(sink.progress).hasSize(10);
        assertThat(resumed.finalLoss()).isCloseTo(uninterrupted.finalLoss(), within(1e-4 * Math.abs(uninterrupted.finalLoss())));
        SafeTensorsFile a = SafeTensorsFile.open(whole.resolve("final/adapter_model.safetensors"));
        SafeTensorsFile b = SafeTensorsFile.open(cut.resolve("final/adapter_model.safetensors"));
        assertThat(b.tensors().keySet()).isEqualTo(a.tensors().keySet());
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String key : a.tensors().keySet()) {
                NDArray x = a.read(key, manager);
                NDArray y = b.read(key, manager);
                assertThat(y.allClose(x, 1e-4, 1e-6, false)).as("resumed %s", key).isTrue();
            }
        }

        // Resuming that output as a full fine-tuning run is refused: the checkpoint is an adapter.
        deleteRecursively(cut.resolve("result.json"));
        Map<String, Object> full = new LinkedHashMap<>(fields);
        full.put("method", "full");
        full.remove("lora");
        assertThatThrownBy(() -> run(full, cut)).isInstanceOf(RunFailedException.class)
                .hasMessageContaining("was made by a LoRA run");
    }

    private Map<String, Object> loraFields(int steps) {
        Path train = TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 160, 1);
        Path validation = TrainingFixtures.writePairs(dir.resolve("validation.jsonl"), 24, 2);
        Map<String, Object> fields = TrainingFixtures.fields(train, validation, steps);
        fields.put("method", "lora");
        fields.put("learningRate", 1e-2);
        fields.put("lora", Map.of("r", 4, "alpha", 16, "dropout", 0.05));
        return fields;
    }

    private RunResult run(Map<String, Object> fields, Path out) {
        return new FineTuningRun("lora-run", RunSpecReader.validated(TrainingFixtures.spec(fields)),
                new RunInputs(() -> null, dir.resolve("work")), new LocalRunOutput(out), new RecordingSink()).run();
    }

    private static long filesBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path each : walk.toList()) {
                Files.copy(each, to.resolve(from.relativize(each).toString()));
            }
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(each -> {
                try {
                    Files.delete(each);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
