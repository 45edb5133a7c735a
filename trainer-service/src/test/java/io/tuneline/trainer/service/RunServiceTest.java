package io.tuneline.trainer.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.api.RunState;
import io.tuneline.contracts.api.TrainingRun;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.trainer.executor.WorkerLaunch;
import io.tuneline.trainer.run.RunUpdate;
import io.tuneline.trainer.testing.ScriptedExecutor;
import io.tuneline.trainer.testing.UnitStorage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RunService with a scripted executor (the test plays the worker) and a recording publisher, over the real S3
 * server: what a run becomes from what its executor or its worker's events report, and what is published.
 */
class RunServiceTest {

    @RegisterExtension
    static final UnitStorage S3 = new UnitStorage();

    private static final ObjectRef FINAL = new ObjectRef("tuneline-checkpoints", "x/final/");

    private static ObjectStore store;

    private final String dataset = "chats-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() {
        store = S3.store();
    }


    @Test
    void aRunIsStoredWithTheWorkersSpecAndHandedToTheExecutorOnce() {
        UnitServices services = new UnitServices(store, ScriptedExecutor.local());

        TrainingRun run = services.runs.create(spec(), "api");
        TrainingRun again = services.runs.create(spec(), "api", run.runId());

        assertThat(again).isEqualTo(run);
        assertThat(run.state()).isEqualTo(RunState.QUEUED);
        assertThat(run.executor()).isEqualTo("local");
        assertThat(services.runStore.find(run.runId())).contains(run);
        assertThat(services.executor.submitted()).singleElement().satisfies(launch -> {
            assertThat(launch.runId()).isEqualTo(run.runId());
            assertThat(launch.spec().baseModel()).isEqualTo("s3://tuneline-models/tiny/");
            assertThat(launch.out()).isEqualTo(new ObjectRef("tuneline-checkpoints", run.runId() + "/"));
        });
        String workerSpec = new String(store.getBytes("tuneline-checkpoints", run.runId() + "/spec.json"),
                StandardCharsets.UTF_8);
        assertThat(workerSpec).contains("\"maxSteps\":4").contains("\"baseModel\":\"s3://tuneline-models/tiny/\"");
    }

    @Test
    void anInvalidSpecIsRefusedNamingEveryBadFieldAndNothingIsStarted() {
        UnitServices services = new UnitServices(store, ScriptedExecutor.local());
        RunSpec bad = new RunSpec(null, "s3://tuneline-models/tiny/", null, null, null, null, null, null, -1, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, dataset, null,
                null, null, null);

        assertThatThrownBy(() -> services.runs.create(bad, "api")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.toApiError().error()).isEqualTo(RunService.ERROR_INVALID_SPEC);
            assertThat(e.toApiError().details().get("fields").toString()).contains("train").contains("maxSteps");
        });
        assertThatThrownBy(() -> services.runs.create(null, "api")).isInstanceOf(ApiException.class);
        assertThat(services.executor.submitted()).isEmpty();
        assertThat(services.runs.list(null, dataset)).isEmpty();
    }

    @Test
    void whatTheLocalExecutorReportsIsAppliedAndPublishedWithTheServicesKnowledgeFilledIn() {
        UnitServices services = new UnitServices(store, ScriptedExecutor.local());
        TrainingRun run = services.runs.create(spec(), "api");
        String id = run.runId();

        services.runs.onState(id, RunState.RUNNING, null, null, true);
        services.runs.onProgress(progress(id, 1));
        services.runs.onProgress(progress(id, 2));
        // The worker leaves out what only the service knows: names, provenance, the prompts it trained on.
        services.runs.onCompleted(new TrainingCompleted(id, null, null, null, null, null, null, null, FINAL, FINAL, 4,
                0.5, null, Map.of("train_loss", 0.5)));

        TrainingRun done = services.runs.get(id);
        assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.metrics()).extracting(m -> m.step()).containsExactly(1L, 2L);
        assertThat(done.bestCheckpoint()).isEqualTo(FINAL.toString());
        assertThat(done.finalMetrics()).containsEntry("train_loss", 0.5);
        assertThat(services.runStore.find(id)).contains(done);
        assertThat(services.published.payloads(TrainingProgress.class)).hasSize(2);
        assertThat(services.published.payloads(TrainingCompleted.class)).singleElement().satisfies(completed -> {
            assertThat(completed.modelName()).isEqualTo("summarizer");
            assertThat(completed.baseModel()).isEqualTo("s3://tuneline-models/tiny/");
            assertThat(completed.baseModelRef()).isEqualTo(new ObjectRef("tuneline-models", "tiny/"));
            assertThat(completed.method()).isEqualTo("full");
            assertThat(completed.datasetId()).isEqualTo(dataset);
            assertThat(completed.renderId()).isEqualTo("r1");
            assertThat(completed.prompts()).containsKeys("train", "test");
        });

        // Whatever arrives after the end changes nothing and publishes nothing.
        services.runs.onFailed(new TrainingFailed(id, "worker-died", "late", null));
        services.runs.onCompleted(new TrainingCompleted(id, null, null, null, null, null, null, null, FINAL, FINAL,
                4, 0.5, null, Map.of()));
        services.runs.onProgress(progress(id, 3));
        assertThat(services.runs.get(id)).isEqualTo(done);
        assertThat(services.published.all()).hasSize(3);
    }

    @Test
    void aJobsWorkerEventsAreAppliedButNotRepublishedWhileWhatOnlyTheExecutorSawIsPublished() {
        UnitServices services = new UnitServices(store, ScriptedExecutor.kubernetes());
        String succeeding = services.runs.create(spec(), "api").runId();
        String failing = services.runs.create(spec(), "api").runId();

        services.runs.onWorkerEvent(progress(succeeding, 1));
        services.runs.onWorkerEvent(new TrainingCompleted(succeeding, "summarizer", null, null, "full", dataset, null,
                "r1", FINAL, FINAL, 4, 0.5, Map.of(), Map.of()));
        // The worker's own cancellation echo is not a failure of the run.
        services.runs.onWorkerEvent(new TrainingFailed(failing, RunService.ERROR_CANCELLED, "echo", null));
        assertThat(services.runs.get(failing).state()).isEqualTo(RunState.QUEUED);
        // A Job the worker could not report on (OOM-killed): only the executor saw it, so the service publishes.
        services.runs.onFailed(new TrainingFailed(failing, "job-failed", "OOMKilled", null));

        assertThat(services.runs.get(succeeding).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(services.runs.get(succeeding).metrics()).hasSize(1);
        assertThat(services.runs.get(failing).state()).isEqualTo(RunState.FAILED);
        assertThat(services.runs.get(failing).errorCode()).isEqualTo("job-failed");
        assertThat(services.published.all()).singleElement().isEqualTo(
                new TrainingFailed(failing, "job-failed", "OOMKilled", null));
    }

    @Test
    void aJobsFailureSeenBeforeItsWorkersOwnReportClosesTheRunWithoutASecondTrainingFailed() {
        UnitServices services = new UnitServices(store, ScriptedExecutor.kubernetes());
        String id = services.runs.create(spec(), "api").runId();
        // The worker wrote its outcome, then published TrainingFailed (not consumed yet), then exited 1.
        ObjectRef outcome = UnitStorage.LAYOUT.trainingResult(id);
        store.put(outcome.bucket(), outcome.key(), "{\"status\":\"failed\"}".getBytes(StandardCharsets.UTF_8));

        services.runs.onFailed(new TrainingFailed(id, "backoff-limit-exceeded", "exit code 1", null));
        services.runs.onWorkerEvent(new TrainingFailed(id, "bad-data", "train.jsonl line 3", null));

        assertThat(services.runs.get(id).state()).isEqualTo(RunState.FAILED);
        assertThat(services.runs.get(id).errorCode()).isEqualTo("backoff-limit-exceeded");
        assertThat(services.published.all()).isEmpty();
    }

    @Test
    void aJobSeenCompleteBeforeItsWorkersEventGetsTheCheckpointsAndMetricsWhenTheEventArrives() {
        UnitServices services = new UnitServices(store, ScriptedExecutor.kubernetes());
        String id = services.runs.create(spec(), "api").runId();
        ObjectRef best = new ObjectRef("tuneline-checkpoints", id + "/step-2/");
        ObjectRef last = new ObjectRef("tuneline-checkpoints", id + "/final/");

        // What KubernetesExecutor reports for a Job whose Complete condition it saw first: no results.
        services.runs.onCompleted(new TrainingCompleted(id, null, null, null, null, null, null, null, null, null, 0,
                Double.NaN, Map.of(), Map.of()));
        assertThat(services.runs.get(id).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(services.runs.get(id).bestCheckpoint()).isNull();
        services.runs.onWorkerEvent(new TrainingCompleted(id, "summarizer", null, null, "full", dataset, null, "r1",
                best, last, 4, 0.5, Map.of(), Map.of("best_validation_loss", 1.1)));

        TrainingRun run = services.runs.get(id);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.bestCheckpoint()).isEqualTo(best.toString());
        assertThat(run.lastCheckpoint()).isEqualTo(last.toString());
        assertThat(run.finalMetrics()).containsEntry("best_validation_loss", 1.1);
        assertThat(services.runStore.find(id)).contains(run);
        // A repeated event changes nothing more, and the worker's event is never published again by the service.
        services.runs.onWorkerEvent(new TrainingCompleted(id, "summarizer", null, null, "full", dataset, null, "r1",
                last, last, 4, 0.5, Map.of(), Map.of()));
        assertThat(services.runs.get(id)).isEqualTo(run);
        assertThat(services.published.all()).isEmpty();
    }

    @Test
    void cancellingStopsTheWorkerPublishesTheCancellationAndAFinishedRunIsAConflict() {
        UnitServices services = new UnitServices(store, ScriptedExecutor.local());
        String id = services.runs.create(spec(), "api").runId();

        TrainingRun cancelled = services.runs.cancel(id);

        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        assertThat(cancelled.errorCode()).isEqualTo(RunService.ERROR_CANCELLED);
        assertThat(services.executor.cancelled()).containsExactly(id);
        assertThat(services.published.payloads(TrainingFailed.class)).singleElement()
                .satisfies(failed -> assertThat(failed.errorCode()).isEqualTo(RunService.ERROR_CANCELLED));
        assertThatThrownBy(() -> services.runs.cancel(id)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(409));
        assertThat(services.published.all()).hasSize(1);
    }

    @Test
    void runsAreListedNewestFirstFilteredAndUnknownOnesAreNotFound() throws InterruptedException {
        UnitServices services = new UnitServices(store, ScriptedExecutor.local());
        String first = services.runs.create(spec(), "api").runId();
        Thread.sleep(5);
        String second = services.runs.create(spec(), "api").runId();
        services.runs.onCompleted(new TrainingCompleted(first, null, null, null, null, null, null, null, FINAL, FINAL,
                4, 0.5, null, Map.of()));

        assertThat(services.runs.list(null, dataset)).extracting(TrainingRun::runId).containsExactly(second, first);
        assertThat(services.runs.list(RunState.SUCCEEDED, dataset)).extracting(TrainingRun::runId)
                .containsExactly(first);
        assertThat(services.runs.list(null, "another-" + dataset)).isEmpty();
        for (String unknown : List.of("run-unknown", "../escape")) {
            assertThatThrownBy(() -> services.runs.get(unknown)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void aRestartedServiceFindsItsRunsAndContinuesOnlyTheUnfinishedOnes() {
        UnitServices before = new UnitServices(store, ScriptedExecutor.local());
        String finished = before.runs.create(spec(), "api").runId();
        String running = before.runs.create(spec(), "api").runId();
        before.runs.onCompleted(new TrainingCompleted(finished, null, null, null, null, null, null, null, FINAL,
                FINAL, 4, 0.5, null, Map.of()));
        before.runs.onState(running, RunState.RUNNING, null, null, true);

        UnitServices after = new UnitServices(store, ScriptedExecutor.local());
        after.runs.onStart(null);

        assertThat(after.runs.list(null, dataset)).extracting(TrainingRun::runId)
                .containsExactlyInAnyOrder(finished, running);
        assertThat(after.executor.submitted()).extracting(WorkerLaunch::runId).contains(running)
                .doesNotContain(finished);
    }

    @Test
    void watchersGetTheCurrentStateThenEveryChangeUntilTheEnd() {
        UnitServices services = new UnitServices(store, ScriptedExecutor.local());
        String id = services.runs.create(spec(), "api").runId();
        List<RunUpdate> updates = new java.util.concurrent.CopyOnWriteArrayList<>();
        boolean[] completed = {false};
        services.runs.updates(id).subscribe().with(updates::add, failure -> { }, () -> completed[0] = true);

        services.runs.onState(id, RunState.RUNNING, null, null, true);
        services.runs.onCompleted(new TrainingCompleted(id, null, null, null, null, null, null, null, FINAL, FINAL, 4,
                0.5, null, Map.of()));

        assertThat(updates).extracting(RunUpdate::state)
                .containsExactly(RunState.QUEUED, RunState.RUNNING, RunState.SUCCEEDED);
        assertThat(completed[0]).isTrue();
    }

    private RunSpec spec() {
        return new RunSpec("summarizer", "s3://tuneline-models/tiny/", "s3://tuneline-prompts/d/v1/r1/train.jsonl",
                null, "s3://tuneline-prompts/d/v1/r1/test.jsonl", null, null, null, 4, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, dataset, "v1", "r1", null, null);
    }

    private static TrainingProgress progress(String runId, long step) {
        return new TrainingProgress(runId, step, 4, 0, 1.0 / step, null, 1e-4, 100, 10);
    }
}
