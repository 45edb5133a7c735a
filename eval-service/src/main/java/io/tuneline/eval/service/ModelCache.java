package io.tuneline.eval.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.eval.config.EvalConfig;
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
        synchronized (locks.computeIfAbsent(folder.toString(), ignored -> new Object())) {
            Path marker = folder.resolve(COMPLETE_MARKER);
            if (Files.exists(marker)) {
                return folder;
            }
            try {
                store.downloadFolder(location.bucket(), key, folder);
                Files.writeString(marker, location.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot cache " + location + " in " + folder, e);
            }
            return folder;
        }
    }
}
