package io.tuneline.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointWriterTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.FLAN_UNTIED, Fixtures.T5_V1, Fixtures.TIED_NOSCALE})
    void savedCheckpointHasHuggingFaceLayoutAndLoadsBitIdentical(String fixture) throws Exception {
        Path source = Fixtures.t5(fixture);
        Path saved = temp.resolve("saved");
        try (T5ForConditionalGeneration model = T5Checkpoint.load(source)) {
            T5Checkpoint.save(model, saved);
            assertThat(saved.resolve("tokenizer.json")).hasSameBinaryContentAs(source.resolve("tokenizer.json"));
            assertThat(saved.resolve("generation_config.json")).exists();
            assertThat(T5Config.read(saved.resolve("config.json"))).isEqualTo(model.config());

            SafeTensorsFile written = SafeTensorsFile.open(saved.resolve("model.safetensors"));
            SafeTensorsFile reference = SafeTensorsFile.open(source.resolve("model.safetensors"));
            assertThat(written.metadata()).containsEntry("format", "pt");
            assertThat(written.tensors().keySet()).containsExactlyInAnyOrderElementsOf(reference.tensors().keySet());
            reference.tensors().forEach((name, info) -> {
                assertThat(written.tensors().get(name).shape()).as(name).isEqualTo(info.shape());
                assertThat(written.tensors().get(name).dtype()).as(name).isEqualTo("F32");
            });

            try (T5ForConditionalGeneration reloaded = T5Checkpoint.load(saved)) {
                for (Map.Entry<String, NDArray> entry : model.parameters().entrySet()) {
                    NDArray copy = reloaded.parameters().get(entry.getKey());
                    assertThat(copy.toByteBuffer()).as(entry.getKey()).isEqualTo(entry.getValue().toByteBuffer());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT16", "BFLOAT16"})
    void canKeepAHalfPrecisionStorageType(String type) throws Exception {
        CheckpointWriter.StoredType storedType = CheckpointWriter.StoredType.valueOf(type);
        Path saved = temp.resolve(type);
        Path source = Fixtures.t5(type.equals("FLOAT16") ? Fixtures.FP16 : Fixtures.BF16_SHARDED);
        try (T5ForConditionalGeneration model = T5Checkpoint.load(source)) {
            CheckpointWriter.write(saved, model, storedType);
            SafeTensorsFile written = SafeTensorsFile.open(saved.resolve("model.safetensors"));
            assertThat(written.tensors().values()).allSatisfy(info -> assertThat(info.dtype())
                    .isEqualTo(type.equals("FLOAT16") ? "F16" : "BF16"));
            assertThat(Files.readString(saved.resolve("config.json")))
                    .contains("\"torch_dtype\" : \"" + type.toLowerCase() + "\"");
            // The weights were half precision to begin with, so the round trip is exact.
            try (T5ForConditionalGeneration reloaded = T5Checkpoint.load(saved)) {
                for (Map.Entry<String, NDArray> entry : model.parameters().entrySet()) {
                    assertThat(reloaded.parameters().get(entry.getKey()).getDataType()).isEqualTo(DataType.FLOAT32);
                    assertThat(reloaded.parameters().get(entry.getKey()).contentEquals(entry.getValue()))
                            .as(entry.getKey()).isTrue();
                }
            }
        }
    }
}
