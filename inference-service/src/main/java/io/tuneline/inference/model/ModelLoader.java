package io.tuneline.inference.model;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.inference.config.InferenceConfig;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.T5Checkpoint;
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
 * Turns a checkpoint location into a {@link LoadedModel}: an S3 folder is downloaded into the cache directory
 * first (into a temporary folder that is renamed when complete, so a crash never leaves a half folder that looks
 * whole), then loaded with model-core and given its own batching engine.
 */
public final class ModelLoader {

    private final ObjectStore store;
    private final InferenceConfig config;

    public ModelLoader(ObjectStore store, InferenceConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Loads the Hugging Face folder at {@code s3://bucket/key} (downloaded once). */
    public LoadedModel load(ModelVersion version, ObjectRef folder) {
        return load(version, download(folder));
    }

    /** Loads a local Hugging Face folder. */
    public LoadedModel load(ModelVersion version, Path folder) {
        if (!Files.isRegularFile(folder.resolve("config.json"))) {
            throw new ModelLoadException("no config.json in " + folder);
        }
        T5ForConditionalGeneration model;
        try {
            model = T5Checkpoint.load(folder);
        } catch (RuntimeException e) {
            throw new ModelLoadException("cannot load the checkpoint " + version.checkpoint() + ": " + e.getMessage(),
                    e);
        }
        T5Tokenizer tokenizer = model.tokenizer().orElse(null);
        if (tokenizer == null) {
            model.close();
            throw new ModelLoadException("the checkpoint " + version.checkpoint() + " has no tokenizer.json");
        }
        T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
        InferenceConfig.Batching batching = config.batching();
        BatchingConfig batchingConfig = batching.enabled()
                ? new BatchingConfig(batching.maxBatchSize(), batching.maxWait(), config.limits().queueSize(),
                        batching.threads())
                : BatchingConfig.oneAtATime(config.limits().queueSize(), batching.threads());
        ContinuousBatcher batcher = new ContinuousBatcher("decode-" + version.modelName(), seq2seq,
                seq2seq.specialTokens(), batchingConfig);
        return new LoadedModel(version, model, tokenizer, batcher);
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
