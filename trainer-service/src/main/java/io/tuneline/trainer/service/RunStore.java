package io.tuneline.trainer.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import io.tuneline.trainer.run.TrainingRun;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Run records in object storage, one {@code checkpoints/{runId}/run.json} each, so a restarted service sees them. */
@ApplicationScoped
public class RunStore {

    private static final String RUN_JSON = "/run.json";

    private final ObjectStore store;
    private final StorageLayout layout;
    private final ObjectMapper json;

    RunStore(ObjectStore store, StorageLayout layout, ObjectMapper json) {
        this.store = store;
        this.layout = layout;
        this.json = json;
    }

    public void save(TrainingRun run) {
        ObjectRef ref = layout.trainingRun(run.runId());
        store.put(ref.bucket(), ref.key(), bytes(run), "application/json");
    }

    public void saveSpec(String runId, RunSpec spec) {
        ObjectRef ref = layout.runSpec(runId);
        store.put(ref.bucket(), ref.key(), bytes(spec), "application/json");
    }

    public Optional<TrainingRun> find(String runId) {
        ObjectRef ref = layout.trainingRun(runId);
        try {
            return Optional.of(json.readValue(store.getBytes(ref.bucket(), ref.key()), TrainingRun.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable run record " + ref, e);
        }
    }

    /** Every run record; the top-level folders of the checkpoints bucket that hold a {@code run.json}. */
    public List<TrainingRun> loadAll() {
        List<TrainingRun> runs = new ArrayList<>();
        for (StoredObject object : store.list(layout.checkpoints(), "")) {
            String key = object.key();
            if (key.endsWith(RUN_JSON) && key.indexOf('/') == key.length() - RUN_JSON.length()) {
                find(key.substring(0, key.indexOf('/'))).ifPresent(runs::add);
            }
        }
        return runs;
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
