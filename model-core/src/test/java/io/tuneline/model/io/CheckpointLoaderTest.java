package io.tuneline.model.io;

import static io.tuneline.model.testing.Fixtures.relativeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.nn.ForwardOutput;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.nn.T5ParameterLayout;
import io.tuneline.model.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointLoaderTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.BF16_SHARDED, Fixtures.FP16})
    void halfPrecisionStoredCopiesReproduceTheirLogits(String fixture) throws IOException {
        double goldenLoss = new ObjectMapper().readTree(Fixtures.t5(fixture).resolve("golden.json").toFile())
                .get("loss").asDouble();
        try (T5ForConditionalGeneration model = T5Checkpoint.load(Fixtures.t5(fixture));
                NDManager manager = model.manager().newSubManager()) {
            assertThat(model.parameters().values()).allSatisfy(p -> assertThat(p.getDataType())
                    .isEqualTo(DataType.FLOAT32));
            Map<String, NDArray> inputs = Fixtures.goldens(Fixtures.FLAN_UNTIED, manager);
            NDArray expectedLogits = Fixtures.goldens(fixture, manager).get("logits");
            ForwardOutput output = model.forward(inputs.get("input_ids"), inputs.get("attention_mask"),
                    inputs.get("labels"), false);
            double logitsError = relativeError(output.logits(), expectedLogits);
            double lossError = Math.abs(output.loss().getFloat() - goldenLoss) / goldenLoss;
            System.out.printf("%s: logits %.2e, loss %.2e%n", fixture, logitsError, lossError);
            assertThat(logitsError).isLessThanOrEqualTo(1e-5);
            assertThat(lossError).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void acceptsTiedDuplicatesAndAnEmbeddingStoredOnlyUnderItsAliases() throws IOException {
        Path dir = copyConfig(Fixtures.T5_V1);
        try (T5ForConditionalGeneration original = T5Checkpoint.load(Fixtures.t5(Fixtures.T5_V1))) {
            Map<String, NDArray> tensors = new LinkedHashMap<>(original.parameters());
            NDArray shared = tensors.remove(T5ParameterLayout.SHARED);
            tensors.put(T5ParameterLayout.ENCODER_EMBED_TOKENS, shared);
            tensors.put(T5ParameterLayout.DECODER_EMBED_TOKENS, shared);
            tensors.put(T5ParameterLayout.LM_HEAD, shared);
            SafeTensorsWriter.write(dir.resolve("model.safetensors"), tensors, DataType.FLOAT32);
            try (T5ForConditionalGeneration loaded = T5Checkpoint.load(dir)) {
                assertThat(loaded.parameters().keySet()).containsExactlyElementsOf(original.parameters().keySet());
                assertThat(loaded.parameters().get(T5ParameterLayout.SHARED).contentEquals(shared)).isTrue();
            }
        }
    }

    @Test
    void namesMissingUnexpectedAndMisShapedTensors() throws IOException {
        Path dir = copyConfig(Fixtures.FLAN_UNTIED);
        try (T5ForConditionalGeneration original = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED));
                NDManager manager = original.manager().newSubManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>(original.parameters());
            tensors.remove("decoder.block.1.layer.2.DenseReluDense.wo.weight");
            tensors.put("encoder.block.9.layer.0.SelfAttention.q.weight", manager.zeros(new Shape(64, 64)));
            tensors.put("encoder.final_layer_norm.weight", manager.ones(new Shape(65)));
            SafeTensorsWriter.write(dir.resolve("model.safetensors"), tensors, DataType.FLOAT32);
        }
        assertThatThrownBy(() -> T5Checkpoint.load(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("missing tensors [decoder.block.1.layer.2.DenseReluDense.wo.weight]")
                .hasMessageContaining("unexpected tensors [encoder.block.9.layer.0.SelfAttention.q.weight]")
                .hasMessageContaining("encoder.final_layer_norm.weight=expected (64) but found (65)");
    }

    @Test
    void rejectsAShardIndexThatPointsAtTheWrongShard() throws IOException {
        Path dir = temp.resolve("sharded");
        Files.createDirectories(dir);
        Path source = Fixtures.t5(Fixtures.BF16_SHARDED);
        for (String file : new String[] {"config.json", "model-00001-of-00002.safetensors",
                "model-00002-of-00002.safetensors"}) {
            Files.copy(source.resolve(file), dir.resolve(file));
        }
        String index = Files.readString(source.resolve(CheckpointLoader.SHARD_INDEX))
                .replace("\"shared.weight\": \"model-00001-of-00002.safetensors\"",
                        "\"shared.weight\": \"model-00002-of-00002.safetensors\"");
        Files.writeString(dir.resolve(CheckpointLoader.SHARD_INDEX), index);
        assertThatThrownBy(() -> T5Checkpoint.load(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("shared.weight (index says model-00002-of-00002.safetensors)");
    }

    @Test
    void validatesBeforeReadingAnyData() {
        T5Config config = T5Config.read(Fixtures.t5(Fixtures.FLAN_UNTIED).resolve("config.json"))
                .withDropoutRate(0f);
        T5Config wider = new T5Config(config.vocabSize(), config.dModel(), config.dKv(), config.dFf() * 2,
                config.numLayers(), config.numDecoderLayers(), config.numHeads(), config.relativeAttentionNumBuckets(),
                config.relativeAttentionMaxDistance(), 0f, config.layerNormEpsilon(), config.initializerFactor(),
                config.denseActivation(), config.gatedActivation(), false, false, 0, 1, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> CheckpointLoader.load(Fixtures.t5(Fixtures.FLAN_UNTIED), wider, manager))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("encoder.block.0.layer.1.DenseReluDense.wi_0.weight=expected (256, 64)");
            assertThat(manager.getManagedArrays()).isEmpty();
        }
    }

    private Path copyConfig(String fixture) throws IOException {
        Path dir = temp.resolve(fixture);
        Files.createDirectories(dir);
        Files.copy(Fixtures.t5(fixture).resolve("config.json"), dir.resolve("config.json"));
        return dir;
    }
}
