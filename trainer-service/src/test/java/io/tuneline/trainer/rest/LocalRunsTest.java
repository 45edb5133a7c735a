package io.tuneline.trainer.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.trainer.executor.local.LocalExecutor;
import io.tuneline.trainer.testing.Runs;
import io.tuneline.trainer.testing.TopicClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Runs on the local executor: the worker is a real child JVM (the fake worker of the test sources, speaking the
 * worker's protocol), checkpoints land in the real S3 server, events on the real broker.
 */
@QuarkusTest
class LocalRunsTest {

    @Inject
    LocalExecutor executor;

    @Inject
    ObjectStore store;

    @Test
    void aRunTrainsWritesCheckpointsAndPublishesItsResult() {
        String runId = Runs.create(Runs.spec("support-summarizer", 6, 2));

        JsonPath run = Runs.awaitState(runId, "SUCCEEDED");

        assertThat(run.getList("metrics.step", Integer.class)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(run.getDouble("metrics[5].loss")).isEqualTo(5.0 / 6, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(run.getString("bestCheckpoint")).isEqualTo("s3://tuneline-checkpoints/" + runId + "/final/");
        assertThat(run.getInt("attempts")).isEqualTo(1);
        assertThat(store.list("tuneline-checkpoints", runId + "/").stream().map(o -> o.key().substring(runId.length() + 1)))
                .contains("run.json", "spec.json", "step-2/config.json", "step-4/config.json", "step-6/config.json",
                        "final/model.safetensors");
        List<TrainingCompleted> completed = TopicClient.payloads("tuneline.training-results", TrainingCompleted.class,
                c -> c.runId().equals(runId));
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).modelName()).isEqualTo("support-summarizer");
        assertThat(completed.get(0).datasetId()).isEqualTo("chats");
        assertThat(completed.get(0).prompts().get("train").toString())
                .isEqualTo("s3://tuneline-prompts/chats/v1/r1/train.jsonl");
        assertThat(TopicClient.payloads("tuneline.training-progress", TrainingProgress.class,
                p -> p.runId().equals(runId))).extracting(TrainingProgress::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        given().queryParam("state", "SUCCEEDED").queryParam("datasetId", "chats").get("/api/v1/runs")
                .then().statusCode(200).body("runId", hasItem(runId));
        given().queryParam("state", "RUNNING").get("/api/v1/runs").then().statusCode(200)
                .body("runId", org.hamcrest.Matchers.not(hasItem(runId)));
    }

    @Test
    void aLoraRunReachesTheWorkerWithItsAdapterSettingsAndItsCompletionNamesMethodAndBase() throws Exception {
        Map<String, Object> spec = new HashMap<>(Runs.spec("support-lora", 2, 0));
        spec.put("method", "lora");
        spec.put("lora", Map.of("r", 16, "targetModules", List.of("q", "v", "wo")));
        String runId = Runs.create(spec);

        JsonPath run = Runs.awaitState(runId, "SUCCEEDED");

        assertThat(run.getString("spec.method")).isEqualTo("lora");
        assertThat(run.getInt("spec.lora.r")).isEqualTo(16);
        assertThat(run.getDouble("spec.lora.alpha")).as("defaults applied").isEqualTo(32.0);
        RunSpec workerSpec = EventCodec.mapper().readValue(store.getBytes("tuneline-checkpoints", runId + "/spec.json"),
                RunSpec.class);
        assertThat(workerSpec.method()).isEqualTo("lora");
        assertThat(workerSpec.lora().targetModules()).containsExactly("q", "v", "wo");
        List<TrainingCompleted> completed = TopicClient.payloads("tuneline.training-results", TrainingCompleted.class,
                c -> c.runId().equals(runId));
        assertThat(completed).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("lora");
            assertThat(c.baseModel()).isEqualTo(Runs.BASE_MODEL);
            assertThat(c.baseModelRef().toString()).isEqualTo(Runs.BASE_MODEL);
        });

        Map<String, Object> bad = new HashMap<>(spec);
        bad.put("lora", Map.of("r", 0, "dropout", 1.5));
        given().contentType(ContentType.JSON).body(bad).post("/api/v1/runs")
                .then().statusCode(400)
                .body("error", equalTo("invalid-spec"))
                .body("details.fields.field", org.hamcrest.Matchers.containsInAnyOrder("lora.r", "lora.dropout"));
    }

    @Test
    void aKilledWorkerIsRestartedAndResumesFromItsLastCheckpoint() {
        String runId = Runs.create(Runs.spec("resumable", 12, 3));
        await().atMost(Duration.ofSeconds(60)).until(() -> Runs.get(runId).getList("metrics").size() >= 5);
        ProcessHandle worker = executor.workerProcess(runId).orElseThrow();

        assertThat(worker.destroyForcibly()).isTrue(); // SIGKILL

        JsonPath run = Runs.awaitState(runId, "SUCCEEDED");
        assertThat(run.getInt("attempts")).isEqualTo(2);
        assertThat(run.getDouble("finalMetrics.resumed_from_step")).isGreaterThanOrEqualTo(3.0);
        assertThat(run.getList("metrics.step", Integer.class)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void cancelKillsTheWorkerAndPublishesTheCancellation() {
        String runId = Runs.create(Runs.spec("cancelled", 400, 0));
        await().atMost(Duration.ofSeconds(60)).until(() -> executor.workerProcess(runId).isPresent()
                && !Runs.get(runId).getList("metrics").isEmpty());
        ProcessHandle worker = executor.workerProcess(runId).orElseThrow();

        given().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(200).body("state", equalTo("CANCELLED"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !worker.isAlive());
        assertThat(Runs.get(runId).getString("state")).isEqualTo("CANCELLED");
        assertThat(TopicClient.payloads("tuneline.training-results", TrainingFailed.class,
                f -> f.runId().equals(runId))).extracting(TrainingFailed::errorCode).containsExactly("cancelled");
        given().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(409)
                .body("error", equalTo("run-finished"));
    }

    @Test
    void aFailureTheWorkerReportsEndsTheRunWithoutRestart() {
        String runId = Runs.create(Runs.spec("fail-nonfinite", 5, 0));

        JsonPath run = Runs.awaitState(runId, "FAILED");

        assertThat(run.getString("errorCode")).isEqualTo("non-finite");
        assertThat(run.getString("reason")).contains("ex-1, ex-2");
        assertThat(run.getInt("attempts")).isEqualTo(1);
    }

    @Test
    void aWorkerThatRefusesItsSpecIsNotRestarted() {
        String runId = Runs.create(Runs.spec("refused", 5, 0));

        JsonPath run = Runs.awaitState(runId, "FAILED");

        assertThat(run.getString("errorCode")).isEqualTo("worker-refused-spec");
        assertThat(run.getString("reason")).contains("modelName: refused by the fake worker");
        assertThat(run.getInt("attempts")).isEqualTo(1);
    }

    @Test
    void aBadSpecIsA400NamingEveryBadField() {
        Map<String, Object> spec = new HashMap<>(Runs.spec("bad", 5, 0));
        spec.put("precision", "float16");
        spec.put("batchSize", 0);
        given().contentType(ContentType.JSON).body(spec).post("/api/v1/runs")
                .then().statusCode(400)
                .body("error", equalTo("invalid-spec"))
                .body("details.fields.field", org.hamcrest.Matchers.containsInAnyOrder("precision", "batchSize"))
                .body("message", containsString("overflow"));
    }

    @Test
    void anUnknownBaseModelIsA400NamingTheField() {
        Map<String, Object> spec = new HashMap<>(Runs.spec("bad", 5, 0));
        spec.put("baseModel", "flan-t5-nonexistent");
        given().contentType(ContentType.JSON).body(spec).post("/api/v1/runs")
                .then().statusCode(400)
                .body("error", equalTo("unknown-base-model"))
                .body("details.field", equalTo("baseModel"));
    }

    @Test
    void unknownRunsAndStatesAreClearErrors() {
        given().get("/api/v1/runs/no-such-run").then().statusCode(404).body("error", equalTo("run-not-found"));
        given().queryParam("state", "DANCING").get("/api/v1/runs").then().statusCode(400)
                .body("error", equalTo("unknown-state"));
    }
}
