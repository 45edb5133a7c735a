package io.tuneline.eval.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.eval.config.EvalConfig;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Model folders from S3 on local disk, downloaded once: base models are evaluated again for every run of their
 * name. A folder counts as cached only after its marker file is written, so an interrupted download starts over.
 * A LoRA adapter folder is folded into its base model once ({@code W + alpha/r · B·A}, model-core's
 * {@link PeftAdapter#merge}), so the evaluator generates with a plain checkpoint.
 */
@ApplicationScoped
public class ModelCache {

    static final String COMPLETE_MARKER = ".tuneline-complete";

    private final ObjectStore store;
    private final Path root;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    ModelCache(ObjectStore store, EvalConfig config) {
        this.store = store;
        this.root = config.cacheDir();
    }

    /** The local copy of the model folder at {@code location}, downloading it first if needed. */
    public Path folder(ObjectRef location) {
        String key = location.key().endsWith("/") ? location.key() : location.key() + "/";
        Path folder = root.resolve(location.bucket()).resolve(key).normalize();
        if (!folder.startsWith(root.normalize())) {
            throw new IllegalArgumentException("model location escapes the cache: " + location);
        }
        return once(folder, location.toString(), () -> store.downloadFolder(location.bucket(), key, folder));
    }

    /**
     * The local checkpoint to generate with for {@code location}: the folder itself, or for a PEFT adapter folder
     * the adapter merged into {@code base}.
     */
    public Path checkpoint(ObjectRef location, ObjectRef base) {
        Path folder = folder(location);
        if (!PeftAdapter.isAdapter(folder)) {
            return folder;
        }
        Path merged = folder.resolveSibling(folder.getFileName() + ".merged");
        Path baseFolder = folder(base);
        return once(merged, location + " merged into " + base, () -> {
            try (T5ForConditionalGeneration model = T5Checkpoint.load(baseFolder);
                 LoraAdapter adapter = PeftAdapter.load(folder, model.config())) {
                PeftAdapter.merge(model, adapter, merged);
            }
        });
    }

    private Path once(Path folder, String what, Runnable fill) {
        synchronized (locks.computeIfAbsent(folder.toString(), ignored -> new Object())) {
            Path marker = folder.resolve(COMPLETE_MARKER);
            if (Files.exists(marker)) {
                return folder;
            }
            try {
                fill.run();
                Files.createDirectories(folder);
                Files.writeString(marker, what);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot cache " + what + " in " + folder, e);
            }
            return folder;
        }
    }
}
