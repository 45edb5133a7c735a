package io.tuneline.inference.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoRA adapters for the tiny FLAN-T5 checkpoint, made with model-core as a LoRA run would make them (PEFT's folder
 * format) but with random non-zero {@code lora_B}, so that each adapter changes what the model says.
 */
public final class LoraFixtures {

    /** Where the tiny checkpoint is kept as a base model, and what its adapters name as their base. */
    public static final ObjectRef BASE = PromotedTinyModel.LAYOUT.baseModel("flan-t5-tiny");

    private LoraFixtures() {
    }

    /** Writes a random adapter of the tiny checkpoint that names {@code declaredBase} into a new folder. */
    public static Path adapterFolder(long seed, String declaredBase) {
        try (T5ForConditionalGeneration base = T5Checkpoint.load(PromotedTinyModel.CHECKPOINT);
                LoraAdapter adapter = randomAdapter(base, seed, declaredBase)) {
            Path dir = Files.createTempDirectory("lora-" + seed + "-");
            PeftAdapter.save(adapter, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads an adapter folder as LoRA run {@code runId}'s final checkpoint, where the worker writes it. */
    public static ObjectRef uploadRunAdapter(ObjectStore store, String runId, Path adapterDir) {
        ObjectRef folder = PromotedTinyModel.LAYOUT.finalCheckpoint(runId);
        store.uploadFolder(adapterDir, folder.bucket(), folder.key());
        return folder;
    }

    /** Uploads a random adapter as the named adapter {@code name}, declaring {@code declaredBase}. */
    public static ObjectRef uploadNamedAdapter(ObjectStore store, String name, long seed, String declaredBase) {
        ObjectRef folder = PromotedTinyModel.LAYOUT.adapter(name);
        store.uploadFolder(adapterFolder(seed, declaredBase), folder.bucket(), folder.key());
        return folder;
    }

    /** A named adapter with a sound adapter_config.json and a weights file that is not safetensors. */
    public static void uploadCorruptAdapter(ObjectStore store, String name) {
        Path dir = adapterFolder(99, BASE.toString());
        try {
            Files.write(dir.resolve(PeftAdapter.WEIGHTS), "not a safetensors file".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectRef folder = PromotedTinyModel.LAYOUT.adapter(name);
        store.uploadFolder(dir, folder.bucket(), folder.key());
    }

    /**
     * The new token ids (without the decoder start token) that greedy decoding gives for {@code prompt} on the tiny
     * checkpoint with the adapter in {@code adapterDir} merged into its weights (W + alpha/r · B·A), as a plain
     * checkpoint that knows nothing of adapters.
     */
    public static long[] greedyIdsOfMergedCheckpoint(Path adapterDir, String prompt, int maxNewTokens) {
        try (T5ForConditionalGeneration base = T5Checkpoint.load(PromotedTinyModel.CHECKPOINT);
                LoraAdapter adapter = PeftAdapter.load(adapterDir, base.config())) {
            Path merged = Files.createTempDirectory("merged-");
            PeftAdapter.merge(base, adapter, merged);
            try (T5ForConditionalGeneration model = T5Checkpoint.load(merged)) {
                T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
                long[] ids = model.tokenizer().orElseThrow().encode(prompt);
                long[] row = new Generator(seq2seq, seq2seq.specialTokens())
                        .generate(new long[][] {ids}, GenerationConfig.greedy(maxNewTokens))[0];
                return Arrays.copyOfRange(row, 1, row.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * q, v and wo adapted with Gaussian A and B (σ 0.3, drawn by the engine, so every adapter differs): strong
     * enough to change the tiny model's answers.
     */
    private static LoraAdapter randomAdapter(T5ForConditionalGeneration base, long seed, String declaredBase) {
        LoraConfig config = new LoraConfig(4, 8, 0.0, List.of("q", "v", "wo"), declaredBase);
        try (LoraAdapter shapes = LoraAdapter.initialize(base.config(), config, seed)) {
            NDManager manager = NDManager.newBaseManager();
            Map<String, NDArray> weights = new LinkedHashMap<>();
            shapes.weights().forEach((name, weight) ->
                    weights.put(name, manager.randomNormal(0f, 0.3f, weight.getShape(), DataType.FLOAT32)));
            return new LoraAdapter(config, weights, manager);
        }
    }
}
