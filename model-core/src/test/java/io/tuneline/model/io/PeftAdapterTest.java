package io.tuneline.model.io;

import static io.tuneline.model.testing.Fixtures.relativeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.SpecialTokens;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.testing.Fixtures;
import io.tuneline.model.train.Seq2SeqBatch;
import io.tuneline.model.train.Seq2SeqExample;
import io.tuneline.model.train.Trainer;
import io.tuneline.model.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA as PEFT defines it: parity with the merged checkpoint, PEFT's file format, frozen base weights. */
class PeftAdapterTest {

    private static final long[][] PROMPTS = {{63, 19, 8, 1}, {7, 27, 140, 55, 12, 1}};

    @TempDir
    Path temp;

    @Test
    void anAdapterGivesTheMergedCheckpointsLogitsAndIds() {
        try (T5ForConditionalGeneration base = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED));
                LoraAdapter adapter = randomAdapter(base, List.of("q", "v", "wi_0", "wo"))) {
            Path mergedDir = temp.resolve("merged");
            PeftAdapter.merge(base, adapter, mergedDir);
            try (T5ForConditionalGeneration adapted = base.withAdapter(adapter);
                    T5ForConditionalGeneration merged = T5Checkpoint.load(mergedDir);
                    NDManager step = base.manager().newSubManager()) {
                NDArray ids = step.create(new long[] {63, 19, 8, 1, 7, 27, 140, 1}, new Shape(2, 4));
                NDArray mask = step.ones(new Shape(2, 4), ai.djl.ndarray.types.DataType.INT64);
                NDArray labels = step.create(new long[] {5, 6, 1, 9, 10, 1}, new Shape(2, 3));
                NDArray adaptedLogits = adapted.forward(ids, mask, labels, false).logits();
                NDArray mergedLogits = merged.forward(ids, mask, labels, false).logits();
                NDArray baseLogits = base.forward(ids, mask, labels, false).logits();

                double error = relativeError(adaptedLogits, mergedLogits);
                System.out.printf("LoRA vs merged logits: relative error %.2e%n", error);
                assertThat(error).isLessThanOrEqualTo(1e-5);
                // the adapter must matter, or the parity above proves nothing
                assertThat(relativeError(adaptedLogits, baseLogits)).isGreaterThan(1e-2);

                GenerationConfig greedy = GenerationConfig.greedy(16);
                long[][] adaptedIds = new Generator(new T5Seq2SeqModel(adapted), SpecialTokens.T5).generate(PROMPTS, greedy);
                long[][] mergedIds = new Generator(new T5Seq2SeqModel(merged), SpecialTokens.T5).generate(PROMPTS, greedy);
                assertThat(adaptedIds).isDeepEqualTo(mergedIds);
            }
        }
    }

    @Test
    void savesPeftsFormatAndReadsItBack() throws Exception {
        try (T5ForConditionalGeneration base = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED));
                LoraAdapter adapter = randomAdapter(base, List.of("q", "v"))) {
            Path dir = temp.resolve("adapter");
            PeftAdapter.save(adapter, dir);

            JsonNode config = new ObjectMapper().readTree(dir.resolve("adapter_config.json").toFile());
            assertThat(config.path("peft_type").asText()).isEqualTo("LORA");
            assertThat(config.path("task_type").asText()).isEqualTo("SEQ_2_SEQ_LM");
            assertThat(config.path("r").asInt()).isEqualTo(4);
            assertThat(config.path("lora_alpha").asDouble()).isEqualTo(8.0);
            assertThat(config.path("bias").asText()).isEqualTo("none");
            assertThat(config.path("fan_in_fan_out").asBoolean(true)).isFalse();
            assertThat(config.path("inference_mode").asBoolean(false)).isTrue();
            assertThat(config.path("base_model_name_or_path").asText()).isEqualTo("flan-t5-tiny-untied");

            SafeTensorsFile file = SafeTensorsFile.open(dir.resolve("adapter_model.safetensors"));
            int layers = base.config().numLayers();
            int decoderLayers = base.config().numDecoderLayers();
            // q and v of encoder self-attention, decoder self-attention and decoder cross-attention, A and B each
            assertThat(file.tensors()).hasSize(2 * 2 * (layers + 2 * decoderLayers));
            String key = "base_model.model.decoder.block.1.layer.1.EncDecAttention.q.lora_A.weight";
            assertThat(file.tensors()).containsKey(key);
            assertThat(file.tensors().get(key).shape()).isEqualTo(new Shape(4, base.config().dModel()));
            assertThat(file.tensors().get("base_model.model.encoder.block.0.layer.0.SelfAttention.v.lora_B.weight")
                    .shape()).isEqualTo(new Shape(base.config().innerDim(), 4));
            assertThat(file.tensors().keySet()).noneMatch(name -> name.contains("default"));

            try (LoraAdapter loaded = PeftAdapter.load(dir, base.config())) {
                assertThat(loaded.weights().keySet()).isEqualTo(adapter.weights().keySet());
                adapter.weights().forEach((name, weight) ->
                        assertThat(loaded.weights().get(name).contentEquals(weight)).as(name).isTrue());
            }
        }
    }

    @Test
    void refusesAnAdapterThatDoesNotFitTheModel() throws Exception {
        try (T5ForConditionalGeneration base = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED));
                LoraAdapter adapter = randomAdapter(base, List.of("q"))) {
            Path dir = temp.resolve("adapter");
            PeftAdapter.save(adapter, dir);
            // the tiny benchmark shape has d_model 48, the fixture 64: every lora_A has the wrong width
            assertThat(T5Config.tinyShape().dModel()).isNotEqualTo(base.config().dModel());
            assertThatThrownBy(() -> PeftAdapter.load(dir, T5Config.tinyShape()))
                    .hasMessageContaining("lora_A.weight has shape");
            String config = Files.readString(dir.resolve("adapter_config.json")).replace("\"use_dora\" : false",
                    "\"use_dora\" : true");
            Files.writeString(dir.resolve("adapter_config.json"), config);
            assertThatThrownBy(() -> PeftAdapter.load(dir, base.config())).hasMessageContaining("use_dora");
        }
    }

    @Test
    void trainingStartsAtTheBaseModelAndMovesOnlyTheAdapter() {
        try (T5ForConditionalGeneration base = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED));
                LoraAdapter adapter = LoraAdapter.initialize(base.config(),
                        LoraConfig.t5Defaults(4, 8, 0.0, "flan-t5-tiny-untied"), 7);
                T5ForConditionalGeneration adapted = base.withAdapter(adapter);
                NDManager step = base.manager().newSubManager()) {
            NDArray ids = step.create(new long[] {63, 19, 8, 1}, new Shape(1, 4));
            NDArray mask = step.ones(new Shape(1, 4), ai.djl.ndarray.types.DataType.INT64);
            NDArray labels = step.create(new long[] {5, 6, 1}, new Shape(1, 3));
            assertThat(adapted.forward(ids, mask, labels, false).logits()
                    .contentEquals(base.forward(ids, mask, labels, false).logits())).isTrue();

            Map<String, NDArray> baseBefore = new LinkedHashMap<>();
            base.parameters().forEach((name, weight) -> baseBefore.put(name, weight.duplicate()));
            baseBefore.values().forEach(copy -> copy.attach(step));
            NDArray bBefore = adapter.weights().get("encoder.block.0.layer.0.SelfAttention.q.lora_B.weight").duplicate();
            bBefore.attach(step);
            List<Seq2SeqExample> examples = List.of(new Seq2SeqExample(new long[] {63, 19, 8, 1}, new long[] {5, 6, 1}),
                    new Seq2SeqExample(new long[] {7, 27, 1}, new long[] {9, 1}));
            try (Trainer trainer = new Trainer(adapted, TrainingConfig.defaults().withSchedule(0, 3).withBatching(2, 1))) {
                assertThat(base.parameters().values()).noneMatch(NDArray::hasGradient);
                trainer.step(List.of(Seq2SeqBatch.of(examples)));
            }
            base.parameters().forEach((name, weight) ->
                    assertThat(weight.contentEquals(baseBefore.get(name))).as("base %s is frozen", name).isTrue());
            assertThat(adapter.weights().get("encoder.block.0.layer.0.SelfAttention.q.lora_B.weight")
                    .contentEquals(bBefore)).as("lora_B moved").isFalse();
        }
    }

    /** An adapter with random non-zero A and B, so that it changes the model's output. */
    private static LoraAdapter randomAdapter(T5ForConditionalGeneration base, List<String> targets) {
        LoraConfig config = new LoraConfig(4, 8, 0.0, targets, "flan-t5-tiny-untied");
        try (LoraAdapter initial = LoraAdapter.initialize(base.config(), config, 1)) {
            NDManager manager = NDManager.newBaseManager();
            Random random = new Random(11);
            Map<String, NDArray> weights = new LinkedHashMap<>();
            initial.weights().forEach((name, weight) -> {
                float[] values = new float[Math.toIntExact(weight.getShape().size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * 0.3);
                }
                weights.put(name, manager.create(values, weight.getShape()));
            });
            return new LoraAdapter(config, weights, manager);
        }
    }
}
