package io.tuneline.trainer.service;

import io.tuneline.contracts.api.RunState;
import io.tuneline.contracts.api.TrainingRun;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.trainer.testing.UnitStorage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Run records in the checkpoints bucket: one {@code {runId}/run.json} each, found again after a restart. */
class RunStoreTest {

    @RegisterExtension
    static final UnitStorage S3 = new UnitStorage();

    private static ObjectStore store;
    private static RunStore runs;

    @BeforeAll
    static void connect() {
        store = S3.store();
        runs = new RunStore(store, UnitStorage.LAYOUT, new JsonObjects(store, UnitServices.JSON));
    }


    @Test
    void aSavedRunIsFoundWithEveryField() {
        TrainingRun run = run("run-" + UUID.randomUUID())
                .withState(RunState.FAILED, "worker-died", "exit 137", Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .withResult("s3://tuneline-checkpoints/x/step-2/", "s3://tuneline-checkpoints/x/step-1/",
                        Map.of("train_loss", 0.5), Instant.now().truncatedTo(ChronoUnit.MILLIS));

        runs.save(run);

        assertThat(runs.find(run.runId())).contains(run);
        assertThat(store.exists(UnitStorage.LAYOUT.checkpoints(), run.runId() + "/run.json")).isTrue();
        assertThat(runs.find("run-never-saved")).isEmpty();
    }

    @Test
    void loadAllFindsTheTopLevelRunRecordsOnly() {
        String runId = "run-" + UUID.randomUUID();
        runs.save(run(runId));
        runs.saveSpec(runId, spec());
        // A checkpoint folder that happens to hold a run.json is not a run of its own.
        store.put(UnitStorage.LAYOUT.checkpoints(), runId + "/final/run.json", "{}".getBytes());

        assertThat(runs.loadAll()).extracting(TrainingRun::runId).contains(runId)
                .doesNotContain(runId + "/final", "final");
        assertThat(runs.loadAll()).filteredOn(r -> r.runId().equals(runId)).hasSize(1);
    }

    private static TrainingRun run(String runId) {
        return TrainingRun.queued(runId, spec(), "s3://tuneline-models/tiny/", "local", "api",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    static RunSpec spec() {
        return new RunSpec("summarizer", "s3://tuneline-models/tiny/", "s3://tuneline-prompts/d/v1/r1/train.jsonl",
                null, "s3://tuneline-prompts/d/v1/r1/test.jsonl", null, null, null, 4, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, "chats", "v1", "r1", null, null)
                .withDefaults();
    }
}
