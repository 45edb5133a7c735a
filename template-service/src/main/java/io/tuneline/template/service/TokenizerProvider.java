package io.tuneline.template.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.config.TemplateConfig;
import io.tuneline.template.engine.ModelTokenizer;
import io.tuneline.template.engine.PromptTokenizer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model's tokenizer, loaded on first use: a local {@code tokenizer.json} if configured, else the base model's
 * from the models bucket. Loading lazily lets the service start before the model is uploaded.
 */
@ApplicationScoped
public class TokenizerProvider {

    public static final String ERROR_UNAVAILABLE = "tokenizer-unavailable";

    private final TemplateConfig config;
    private final ObjectStore store;
    private final StorageLayout layout;
    private ModelTokenizer tokenizer;

    TokenizerProvider(TemplateConfig config, ObjectStore store, StorageLayout layout) {
        this.config = config;
        this.store = store;
        this.layout = layout;
    }

    public synchronized PromptTokenizer get() {
        if (tokenizer == null) {
            tokenizer = load();
        }
        return tokenizer;
    }

    private ModelTokenizer load() {
        if (config.tokenizer().path().isPresent()) {
            Path path = Path.of(config.tokenizer().path().get());
            if (!Files.isRegularFile(path)) {
                throw unavailable("the configured tokenizer " + path.toAbsolutePath() + " does not exist");
            }
            return loadOrUnavailable(path, path.toAbsolutePath().toString());
        }
        String model = config.tokenizer().model();
        ObjectRef folder = layout.baseModel(model);
        ObjectRef file = new ObjectRef(folder.bucket(), folder.key() + StorageLayout.TOKENIZER_JSON);
        if (!store.exists(file.bucket(), file.key())) {
            throw unavailable("no tokenizer for model '" + model + "' at " + file
                    + " (set tuneline.template.tokenizer.path or upload the model)");
        }
        try {
            Path local = Files.createTempFile("tokenizer-", ".json");
            try {
                store.getFile(file.bucket(), file.key(), local);
                return loadOrUnavailable(local, file.toString());
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + file, e);
        }
    }

    private static ModelTokenizer loadOrUnavailable(Path tokenizerJson, String description) {
        try {
            return ModelTokenizer.load(tokenizerJson, description);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw unavailable("the tokenizer " + description + " cannot be loaded: " + e.getMessage());
        }
    }

    private static ApiException unavailable(String message) {
        return new ApiException(503, ERROR_UNAVAILABLE, message, Map.of());
    }

    @PreDestroy
    synchronized void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
