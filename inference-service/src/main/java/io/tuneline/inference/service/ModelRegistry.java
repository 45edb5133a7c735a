package io.tuneline.inference.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.inference.config.InferenceConfig;
import io.tuneline.inference.model.LoadedModel;
import io.tuneline.inference.model.ModelLoadException;
import io.tuneline.inference.model.ModelLoader;
import io.tuneline.inference.model.ModelVersion;
import io.tuneline.inference.model.ServedModel;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The served models by name. At start-up each name gets its promoted checkpoint (the JSON eval-service keeps at
 * {@link StorageLayout#promotedModel}) or else its configured fallback, loaded on a background thread (readiness
 * waits for it). A {@link ModelPromoted} loads the new checkpoint beside the old one and swaps; a failed load
 * leaves the old one serving and is reported by {@link ServedModel#lastFailure()}.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final InferenceConfig config;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final ModelLoader loader;
    private final InferenceMetrics metrics;
    private final Map<String, ServedModel> models = new LinkedHashMap<>();

    ModelRegistry(InferenceConfig config, ObjectStore store, StorageLayout layout, InferenceMetrics metrics) {
        this.config = config;
        this.store = store;
        this.layout = layout;
        this.metrics = metrics;
        this.loader = new ModelLoader(store, config);
        for (String name : config.models()) {
            ServedModel slot = new ServedModel(StorageLayout.id(name));
            models.put(name, slot);
            metrics.watch(slot);
        }
    }

    void onStart(@Observes StartupEvent started) {
        Thread startupLoader = new Thread(() -> models.values().forEach(this::loadAtStartup), "model-startup");
        startupLoader.setDaemon(true);
        startupLoader.start();
    }

    void onStop(@Observes ShutdownEvent stopping) {
        models.values().forEach(ServedModel::retire);
    }

    /** The slot of {@code name}, or of the default (first) model when {@code name} is null or blank. */
    public Optional<ServedModel> find(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of(models.values().iterator().next());
        }
        return Optional.ofNullable(models.get(name));
    }

    public List<ServedModel> all() {
        return List.copyOf(models.values());
    }

    /** Loads the promoted checkpoint and swaps it in; false (the old model keeps serving) when it fails. */
    public boolean promote(ModelPromoted promoted) {
        ServedModel slot = models.get(promoted.modelName());
        if (slot == null) {
            LOG.infof("ignoring the promotion of %s: not served here", promoted.modelName());
            return false;
        }
        ModelVersion version = new ModelVersion(promoted.modelName(), promoted.runId(), promoted.evaluationId(),
                promoted.checkpoint().toString(), ModelVersion.PROMOTED);
        if (promoted.baseModel() != null) {
            String reason = "LoRA adapters are not served yet: " + promoted.checkpoint() + " is an adapter of "
                    + promoted.baseModel();
            LOG.warnf("not swapping %s: %s", promoted.modelName(), reason);
            slot.failed(version, reason);
            return false;
        }
        return loadInto(slot, version, () -> loader.load(version, promoted.checkpoint()));
    }

    private void loadAtStartup(ServedModel slot) {
        Optional<ModelPromoted> promoted = readPromoted(slot.name());
        if (promoted.isPresent() && promote(promoted.get())) {
            return;
        }
        String fallback = config.fallback().get(slot.name());
        if (fallback == null) {
            slot.failed(null, "nothing is promoted for " + slot.name() + " and no fallback is configured "
                    + "(tuneline.inference.fallback.\"" + slot.name() + "\")");
            LOG.warn(slot.lastFailure().reason());
            return;
        }
        ModelVersion version = new ModelVersion(slot.name(), null, null, fallback, ModelVersion.FALLBACK);
        loadInto(slot, version, () -> fallback.startsWith("s3://")
                ? loader.load(version, parseS3(fallback))
                : loader.load(version, Path.of(fallback)));
    }

    private Optional<ModelPromoted> readPromoted(String name) {
        ObjectRef ref = layout.promotedModel(name);
        try {
            return Optional.of(JSON.readValue(store.getBytes(ref.bucket(), ref.key()), ModelPromoted.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot read the promoted model of %s at %s: %s", name, ref, e.getMessage());
            return Optional.empty();
        }
    }

    private boolean loadInto(ServedModel slot, ModelVersion version, Supplier<LoadedModel> load) {
        synchronized (slot) {
            slot.loading(version);
            long started = System.nanoTime();
            try {
                LoadedModel loaded = load.get();
                slot.swap(loaded);
                metrics.versionInstalled(slot, version);
                LOG.infof("%s now serves %s (loaded in %d ms)", slot.name(), version.label(),
                        (System.nanoTime() - started) / 1_000_000);
                return true;
            } catch (ModelLoadException | UncheckedIOException e) {
                fail(slot, version, e.getMessage(), e);
            } catch (RuntimeException e) {
                fail(slot, version, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            } finally {
                slot.loading(null);
            }
            return false;
        }
    }

    private static void fail(ServedModel slot, ModelVersion version, String reason, Exception e) {
        LOG.errorf(e, "%s keeps serving %s: loading %s failed: %s", slot.name(),
                slot.current() == null ? "nothing" : slot.current().version().label(), version.checkpoint(), reason);
        slot.failed(version, reason);
    }

    static ObjectRef parseS3(String uri) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new ModelLoadException("not an s3://bucket/prefix/ location: " + uri);
        }
        return new ObjectRef(rest.substring(0, slash), rest.substring(slash + 1));
    }
}
