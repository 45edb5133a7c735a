package io.tuneline.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.api.ModelVersion;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.inference.config.InferenceConfig;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.CheckpointException;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.serve.BatchingConfig;
import io.tuneline.model.serve.ContinuousBatcher;
import io.tuneline.model.tokenizer.T5Tokenizer;
import io.tuneline.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Turns checkpoint locations into servable models: an S3 model folder is downloaded into the cache directory first
 * (into a temporary folder that is renamed when complete, so a crash never leaves a half folder that looks whole)
 * and loaded with model-core as a {@link BaseModel}; a LoRA adapter is read with model-core's {@link PeftAdapter};
 * each servable model (a base as it is, or a base with an adapter) gets its own batching engine.
 */
public final class ModelLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final InferenceConfig config;

    public ModelLoader(ObjectStore store, InferenceConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Loads the Hugging Face folder at {@code s3://bucket/key} (downloaded once) as a base held by its slot. */
    public BaseModel loadBase(String location, ObjectRef folder, AdapterPool adapters) {
        return loadBase(location, download(folder), adapters);
    }

    /** Loads a local Hugging Face folder as a base held by its slot. */
    public BaseModel loadBase(String location, Path folder, AdapterPool adapters) {
        if (!Files.isRegularFile(folder.resolve("config.json"))) {
            throw new ModelLoadException("no config.json in " + folder);
        }
        T5ForConditionalGeneration model;
        try {
            model = T5Checkpoint.load(folder);
        } catch (RuntimeException e) {
            throw new ModelLoadException("cannot load the checkpoint " + location + ": " + e.getMessage(), e);
        }
        T5Tokenizer tokenizer = model.tokenizer().orElse(null);
        if (tokenizer == null) {
            model.close();
            throw new ModelLoadException("the checkpoint " + location + " has no tokenizer.json");
        }
        return new BaseModel(location, model, tokenizer, adapters);
    }

    /**
     * The servable model of {@code base} as it is ({@code adapter} null) or with {@code adapter} applied, with its
     * own batching engine; the model takes a hold on the base and owns the adapter from here on.
     */
    public LoadedModel serve(ModelVersion version, BaseModel base, LoraAdapter adapter) {
        if (!base.tryHold()) {
            if (adapter != null) {
                adapter.close();
            }
            throw new ModelLoadException("the base " + base.location() + " was released meanwhile");
        }
        T5ForConditionalGeneration model = adapter == null ? base.model() : base.model().withAdapter(adapter);
        T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
        InferenceConfig.Batching batching = config.batching();
        BatchingConfig batchingConfig = batching.enabled()
                ? new BatchingConfig(batching.maxBatchSize(), batching.maxWait(), config.limits().queueSize(),
                        batching.threads())
                : BatchingConfig.oneAtATime(config.limits().queueSize(), batching.threads());
        String engineName = "decode-" + version.modelName() + (adapter == null ? "" : "+" + version.adapter());
        ContinuousBatcher batcher = new ContinuousBatcher(engineName, seq2seq, seq2seq.specialTokens(), batchingConfig);
        return new LoadedModel(version, base, adapter, batcher);
    }

    /**
     * Reads the PEFT adapter folder at {@code folder} for {@code base}. Adapters are small, so they are downloaded
     * afresh each time (into a temporary folder, deleted after reading): an adapter evicted and asked for again is
     * read as it is in storage then, and a corrupt download is never kept. With {@code checkDeclaredBase} the base
     * named in {@code adapter_config.json} must be {@code base} ({@link BaseModel#matches}); module names and shapes
     * are always checked.
     */
    public LoraAdapter loadAdapter(String name, ObjectRef folder, BaseModel base, boolean checkDeclaredBase) {
        String key = folder.key().endsWith("/") ? folder.key() : folder.key() + "/";
        Path dir = Path.of(config.cacheDir()).resolve(".adapter-" + UUID.randomUUID());
        try {
            try {
                store.downloadFolder(folder.bucket(), key, dir);
            } catch (RuntimeException e) {
                throw new ModelLoadException("cannot download the adapter " + folder + ": " + e.getMessage(), e);
            }
            if (!Files.isRegularFile(dir.resolve(PeftAdapter.CONFIG_JSON))) {
                throw new AdapterLoadException(AdapterLoadException.Kind.NOT_FOUND, name,
                        "no " + PeftAdapter.CONFIG_JSON + " in " + folder, null);
            }
            String declared = declaredBase(name, dir, folder);
            if (checkDeclaredBase && !base.matches(declared)) {
                throw new AdapterLoadException(AdapterLoadException.Kind.WRONG_BASE, name, "adapter '" + name
                        + "' was trained on " + declared + ", but this model serves the base " + base.location(), null);
            }
            try {
                return PeftAdapter.load(dir, base.model().config());
            } catch (CheckpointException e) {
                // PeftAdapter lists modules and shapes this model does not have under this heading.
                boolean otherModel = e.getMessage() != null && e.getMessage().startsWith("not a LoRA adapter for this");
                throw new AdapterLoadException(otherModel ? AdapterLoadException.Kind.WRONG_BASE
                        : AdapterLoadException.Kind.UNREADABLE, name, "adapter '" + name + "' (" + folder + "): "
                        + e.getMessage().replace(dir.toString(), folder.toString()), e);
            } catch (RuntimeException e) {
                throw new AdapterLoadException(AdapterLoadException.Kind.UNREADABLE, name, "adapter '" + name + "' ("
                        + folder + ") cannot be read: " + String.valueOf(e.getMessage()).replace(dir.toString(),
                        folder.toString()), e);
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    private static String declaredBase(String name, Path dir, ObjectRef folder) {
        try {
            JsonNode json = JSON.readTree(dir.resolve(PeftAdapter.CONFIG_JSON).toFile());
            JsonNode declared = json == null ? null : json.get("base_model_name_or_path");
            return declared == null || declared.isNull() ? null : declared.asText();
        } catch (IOException e) {
            throw new AdapterLoadException(AdapterLoadException.Kind.UNREADABLE, name, "adapter '" + name + "': "
                    + folder + PeftAdapter.CONFIG_JSON + " is not JSON: " + e.getMessage(), e);
        }
    }

    private Path download(ObjectRef folder) {
        String key = folder.key().endsWith("/") ? folder.key() : folder.key() + "/";
        Path cache = Path.of(config.cacheDir());
        Path target = cache.resolve(folder.bucket()).resolve(key).normalize();
        if (!target.startsWith(cache)) {
            throw new ModelLoadException("unsafe checkpoint location " + folder);
        }
        if (Files.isRegularFile(target.resolve("config.json"))) {
            return target;
        }
        Path partial = cache.resolve(".partial-" + UUID.randomUUID());
        try {
            store.downloadFolder(folder.bucket(), key, partial);
            Files.createDirectories(target.getParent());
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the download of " + folder + " in " + target, e);
        } catch (RuntimeException e) {
            throw new ModelLoadException("cannot download " + folder + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover partial folder is harmless: it is never read
        }
    }
}
