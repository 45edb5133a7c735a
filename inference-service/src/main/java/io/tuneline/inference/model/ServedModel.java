package io.tuneline.inference.model;

import io.tuneline.contracts.api.ModelVersion;
import io.tuneline.contracts.api.ServedModelStatus.LoadFailure;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The slot of one model name: the model answering now, switched atomically by a hot swap, and what happened to the
 * latest load (shown by the status endpoint). The slot holds the base its current model runs on; the LoRA adapters
 * requests choose are loaded on that base ({@link BaseModel#adapters()}).
 */
public final class ServedModel {

    private final String name;
    private final AtomicReference<LoadedModel> current = new AtomicReference<>();
    private volatile LoadFailure lastFailure;
    private volatile ModelVersion loading;

    public ServedModel(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The model answering now, or null before the first load. */
    public LoadedModel current() {
        return current.get();
    }

    /** A lease on the current model, or null while none is loaded. */
    public LoadedModel acquire() {
        while (true) {
            LoadedModel model = current.get();
            if (model == null) {
                return null;
            }
            if (model.tryAcquire()) {
                return model;
            }
            // Retired between the read and the lease: the swap has already installed its successor.
        }
    }

    /**
     * Installs {@code next}; the previous model serves its running requests, then is closed. When {@code next} runs
     * on other weights, the previous base's adapters are retired too and the slot lets go of that base; a promoted
     * adapter on the same base keeps the base and the adapters loaded on it.
     */
    public void swap(LoadedModel next) {
        LoadedModel previous = current.getAndSet(next);
        lastFailure = null;
        if (previous != null) {
            previous.retire();
            if (previous.base() != next.base()) {
                previous.base().retire();
            }
        }
    }

    /** Retires the current model and its base (at shutdown). */
    public void retire() {
        LoadedModel previous = current.getAndSet(null);
        if (previous != null) {
            previous.retire();
            previous.base().retire();
        }
    }

    public void loading(ModelVersion version) {
        loading = version;
    }

    public ModelVersion loading() {
        return loading;
    }

    public void failed(ModelVersion version, String reason) {
        lastFailure = new LoadFailure(version, reason, Instant.now());
    }

    public LoadFailure lastFailure() {
        return lastFailure;
    }
}
