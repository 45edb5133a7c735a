package io.tuneline.inference.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.inference.config.InferenceConfig;
import io.tuneline.inference.model.AdapterLoadException;
import io.tuneline.inference.model.AdapterPool;
import io.tuneline.inference.model.BaseModel;
import io.tuneline.inference.model.LoadedModel;
import io.tuneline.inference.model.ModelLoadException;
import io.tuneline.inference.model.ModelLoader;
import io.tuneline.contracts.api.ModelVersion;
import io.tuneline.inference.model.ServedModel;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.nn.LoraAdapter;
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
 * leaves the old one serving and is reported by {@link ServedModel#lastFailure()}. LoRA adapters, promoted or
 * chosen per request, are applied on the base a name serves without loading it again.
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

    /**
     * Loads the promoted checkpoint and swaps it in; false (the old model keeps serving) when it fails. A promoted
     * LoRA run ({@code baseModel} set) is its adapter applied on that base: when the name already serves that base,
     * the base is kept (with the adapters loaded on it) and only the adapter is loaded.
     */
    public boolean promote(ModelPromoted promoted) {
        ServedModel slot = models.get(promoted.modelName());
        if (slot == null) {
            LOG.infof("ignoring the promotion of %s: not served here", promoted.modelName());
            return false;
        }
        if (promoted.baseModel() == null) {
            ModelVersion version = ModelVersion.full(promoted.modelName(), promoted.runId(), promoted.evaluationId(),
                    promoted.checkpoint().toString(), ModelVersion.PROMOTED);
            return loadInto(slot, version, () -> serveBase(slot, version,
                    () -> loader.loadBase(version.checkpoint(), promoted.checkpoint(), newAdapterPool(slot))));
        }
        ModelVersion version = new ModelVersion(promoted.modelName(), promoted.runId(), promoted.evaluationId(),
                promoted.checkpoint().toString(), ModelVersion.PROMOTED, promoted.baseModel().toString(),
                promoted.runId());
        return loadInto(slot, version, () -> {
            LoadedModel current = slot.current();
            boolean sameBase = current != null && current.base().location().equals(version.baseModel());
            BaseModel base = sameBase ? current.base()
                    : loadBase(slot, () -> loader.loadBase(version.baseModel(), promoted.baseModel(),
                            newAdapterPool(slot)));
            try {
                // The promotion names the base: the adapter's own note of its base is not second-guessed.
                LoraAdapter adapter = loader.loadAdapter(promoted.runId(), promoted.checkpoint(), base, false);
                return loader.serve(version, base, adapter);
            } catch (RuntimeException e) {
                if (!sameBase) {
                    base.retire();
                }
                throw e;
            }
        });
    }

    /**
     * A lease on model name {@code slot} with the LoRA adapter {@code adapterName} applied on the base it serves:
     * the promoted model itself when that is the adapter, else the adapter from the base's pool, loaded on first use
     * from object storage ({@link StorageLayout#adapter} or a LoRA run's {@link StorageLayout#finalCheckpoint}).
     * Null while the name has no model.
     *
     * @throws AdapterLoadException when the adapter does not exist, belongs to another base or cannot be read
     */
    public LoadedModel acquireAdapter(ServedModel slot, String adapterName) {
        for (int attempt = 0; attempt < 10; attempt++) {
            LoadedModel current = slot.current();
            if (current == null) {
                return null;
            }
            if (adapterName.equals(current.version().adapter())) {
                LoadedModel promoted = slot.acquire();
                if (promoted != null && adapterName.equals(promoted.version().adapter())) {
                    return promoted;
                }
                if (promoted != null) {
                    promoted.release();
                }
                continue;
            }
            BaseModel base = current.base();
            LoadedModel engine = base.adapters().acquire(adapterName, name -> loadRequestedAdapter(slot, base, name));
            if (engine != null) {
                return engine;
            }
            // The base was replaced by a hot swap meanwhile: ask the new one.
        }
        throw new ModelLoadException("model '" + slot.name() + "' kept changing while adapter '" + adapterName
                + "' was asked for");
    }

    private LoadedModel loadRequestedAdapter(ServedModel slot, BaseModel base, String name) {
        long started = System.nanoTime();
        ObjectRef named = layout.adapter(name);
        ObjectRef run = layout.finalCheckpoint(name);
        ObjectRef folder;
        if (store.exists(named.bucket(), named.key() + PeftAdapter.CONFIG_JSON)) {
            folder = named;
        } else if (store.exists(run.bucket(), run.key() + PeftAdapter.CONFIG_JSON)) {
            folder = run;
        } else {
            String reason = store.exists(run.bucket(), run.key() + StorageLayout.CONFIG_JSON)
                    ? "run '" + name + "' produced a full model (" + run + "), not a LoRA adapter"
                    : "no adapter '" + name + "': neither " + named + " nor " + run + " holds an "
                            + PeftAdapter.CONFIG_JSON;
            throw new AdapterLoadException(AdapterLoadException.Kind.NOT_FOUND, name, reason, null);
        }
        LoraAdapter adapter = loader.loadAdapter(name, folder, base, true);
        ModelVersion version = new ModelVersion(slot.name(), folder == run ? name : null, null, folder.toString(),
                ModelVersion.ADAPTER, base.location(), name);
        LoadedModel engine = loader.serve(version, base, adapter);
        metrics.adapterLoaded(slot.name());
        LOG.infof("%s: loaded adapter %s from %s on %s in %d ms", slot.name(), name, folder, base.location(),
                (System.nanoTime() - started) / 1_000_000);
        return engine;
    }

    private AdapterPool newAdapterPool(ServedModel slot) {
        return new AdapterPool(config.adapters().maxLoaded(), () -> metrics.adapterEvicted(slot.name()));
    }

    private BaseModel loadBase(ServedModel slot, Supplier<BaseModel> load) {
        BaseModel base = load.get();
        metrics.baseLoaded(slot.name());
        return base;
    }

    /** The base as it is, served by a model of its own; the base is released again when that fails. */
    private LoadedModel serveBase(ServedModel slot, ModelVersion version, Supplier<BaseModel> load) {
        BaseModel base = loadBase(slot, load);
        try {
            return loader.serve(version, base, null);
        } catch (RuntimeException e) {
            base.retire();
            throw e;
        }
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
        ModelVersion version = ModelVersion.full(slot.name(), null, null, fallback, ModelVersion.FALLBACK);
        loadInto(slot, version, () -> serveBase(slot, version, () -> fallback.startsWith("s3://")
                ? loader.loadBase(fallback, parseS3(fallback), newAdapterPool(slot))
                : loader.loadBase(fallback, Path.of(fallback), newAdapterPool(slot))));
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
