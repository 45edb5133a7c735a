package io.tuneline.eval.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.eval.config.EvalConfig;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * Model folders from S3 on local disk, downloaded once: base models are evaluated again for every run of their
 * name. A folder counts as cached only after its marker file is written, so an interrupted download starts over.
 * A LoRA adapter folder is folded into its base model once ({@code W + alpha/r · B·A}, model-core's
 * {@link PeftAdapter#merge}), so the evaluator generates with a plain checkpoint.
 */
@ApplicationScoped
public class ModelCache {

    static final String COMPLETE_MARKER = ".tuneline-complete";
    private static final Logger LOG = Logger.getLogger(ModelCache.class);

    private final ObjectStore store;
    private final Path root;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();
    /** Evaluations generating with a folder right now, so that one evaluation's eviction never pulls it from another. */
    private final ConcurrentMap<Path, Integer> users = new ConcurrentHashMap<>();

    ModelCache(ObjectStore store, EvalConfig config) {
        this.store = store;
        this.root = config.cacheDir();
    }

    /** The local copy of the model folder at {@code location}, downloading it first if needed. */
    public Path folder(ObjectRef location) {
        Path folder = folderOf(location);
        return once(folder, location.toString(),
                () -> store.downloadFolder(location.bucket(), folderKey(location), folder));
    }

    private static String folderKey(ObjectRef location) {
        return location.key().endsWith("/") ? location.key() : location.key() + "/";
    }

    private Path folderOf(ObjectRef location) {
        Path folder = root.resolve(location.bucket()).resolve(folderKey(location)).normalize();
        if (!folder.startsWith(root.normalize())) {
            throw new IllegalArgumentException("model location escapes the cache: " + location);
        }
        return folder;
    }

    /**
     * The local checkpoint to generate with for {@code location}: the folder itself, or for a PEFT adapter folder
     * the adapter merged into {@code base}.
     */
    public Path checkpoint(ObjectRef location, ObjectRef base) {
        Path folder = folder(location);
        users.merge(folder, 1, Integer::sum);
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

    /**
     * Frees the disk a model evaluated once holds (a run's candidate: its folder, and the checkpoint merged from it if
     * it is an adapter), once no other evaluation that took it with {@link #checkpoint} still uses it. Base models
     * are never evicted: every later run of their name is evaluated against them. Without this, each run of a
     * {@code flan-t5-base}-sized model would leave about a gigabyte behind.
     */
    public void evict(ObjectRef location) {
        Path folder = folderOf(location);
        synchronized (locks.computeIfAbsent(folder.toString(), ignored -> new Object())) {
            Integer users = this.users.get(folder);
            if (users == null) {
                return; // never taken by an evaluation (its download failed) or already evicted
            }
            if (users > 1) {
                this.users.put(folder, users - 1);
                return;
            }
            this.users.remove(folder);
            deleteTree(folder.resolveSibling(folder.getFileName() + ".merged"));
            deleteTree(folder);
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Disk space, not correctness: the folder is downloaded again if it is ever needed.
            LOG.warnf("Could not remove the cached model folder %s: %s", folder, e.getMessage());
        }
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
