package io.tuneline.trainer.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import io.tuneline.contracts.api.TrainingRun;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Run records in object storage, one {@code checkpoints/{runId}/run.json} each, so a restarted service sees them. */
@ApplicationScoped
public class RunStore {

    private static final String RUN_JSON = "/run.json";

    private final ObjectStore store;
    private final StorageLayout layout;
    private final JsonObjects objects;

    RunStore(ObjectStore store, StorageLayout layout, JsonObjects objects) {
        this.store = store;
        this.layout = layout;
        this.objects = objects;
    }

    public void save(TrainingRun run) {
        objects.write(layout.trainingRun(run.runId()), run);
    }

    public void saveSpec(String runId, RunSpec spec) {
        objects.write(layout.runSpec(runId), spec);
    }

    public Optional<TrainingRun> find(String runId) {
        return objects.read(layout.trainingRun(runId), TrainingRun.class);
    }

    /**
     * Whether the run's worker wrote its outcome ({@code {runId}/result.json}): it does so before it reports the
     * outcome on its progress sink, so a Job's worker that wrote one has published its own result event.
     */
    public boolean hasWorkerOutcome(String runId) {
        ObjectRef result = layout.trainingResult(runId);
        return store.exists(result.bucket(), result.key());
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
}
