package io.tuneline.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

            // Independently of the project's own reader: the raw bytes of every tensor equal the reference file's.
            Map<String, byte[]> writtenBytes = rawTensors(saved.resolve("model.safetensors"));
            Map<String, byte[]> referenceBytes = rawTensors(source.resolve("model.safetensors"));
            assertThat(writtenBytes.keySet()).isEqualTo(referenceBytes.keySet());
            referenceBytes.forEach((name, bytes) -> assertThat(writtenBytes.get(name)).as(name).isEqualTo(bytes));

            JsonNode writtenGeneration = JSON.readTree(saved.resolve("generation_config.json").toFile());
            JsonNode sourceGeneration = JSON.readTree(source.resolve("generation_config.json").toFile());
            for (String field : new String[] {"decoder_start_token_id", "eos_token_id", "pad_token_id"}) {
                assertThat(writtenGeneration.get(field)).as(field).isEqualTo(sourceGeneration.get(field));
            }

            try (T5ForConditionalGeneration reloaded = T5Checkpoint.load(saved)) {
                for (Map.Entry<String, NDArray> entry : model.parameters().entrySet()) {
                    NDArray copy = reloaded.parameters().get(entry.getKey());
                    assertThat(copy.toByteBuffer()).as(entry.getKey()).isEqualTo(entry.getValue().toByteBuffer());
                }
            }
        }
    }

    /**
     * Every tensor's data bytes by name, read with nothing but the safetensors layout (an 8-byte little-endian
     * header length, a JSON header with {@code data_offsets} relative to the end of the header, then the data).
     */
    private static Map<String, byte[]> rawTensors(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        int dataStart = 8 + (int) headerLength;
        Map<String, byte[]> tensors = new TreeMap<>();
        header.fields().forEachRemaining(entry -> {
            if (!entry.getKey().equals("__metadata__")) {
                int from = dataStart + entry.getValue().get("data_offsets").get(0).asInt();
                int to = dataStart + entry.getValue().get("data_offsets").get(1).asInt();
                tensors.put(entry.getKey(), Arrays.copyOfRange(bytes, from, to));
            }
        });
        return tensors;
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
