package io.tuneline.eval.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.testing.Fixtures;
import io.tuneline.eval.testing.Topics;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Evaluations over REST with a real checkpoint (the tiny FLAN-T5 fixture, generating through model-core), the
 * report and chart, comparing, and a person promoting and rejecting; bad requests get machine-readable reasons.
 */
@QuarkusTest
class EvaluationResourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(240);

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void forgettingSuite() {
        Fixtures.uploadSentimentTask(store);
    }

    @Test
    void evaluatesARealCheckpointOnRequestServesReportAndChartAndLetsAPersonDecide() {
        String modelName = "tiny-" + suffix;
        store.uploadFolder(Path.of("src/test/resources/t5/flan-t5-tiny-untied"), layout.models(), modelName + "/");
        String datasetId = "chats-" + suffix;
        Fixtures.uploadSplits(store, layout, datasetId);
        String model = "s3://" + layout.models() + "/" + modelName + "/";

        Response accepted = given().contentType(ContentType.JSON)
                .body(Map.of("modelName", modelName, "baseModel", model, "candidate", model,
                        "prompts", Map.of("datasetId", datasetId, "versionId", "v1", "renderId", "r-1"),
                        "maxNewTokens", 4, "batchSize", 4))
                .post("/api/v1/evaluations");
        accepted.then().statusCode(202).body("status", equalTo("RUNNING"));
        String id = accepted.path("evaluationId");
        assertThat(accepted.header("Location")).endsWith("/api/v1/evaluations/" + id);

        await().atMost(PATIENCE).until(() -> !"RUNNING".equals(given().get("/api/v1/evaluations/" + id)
                .path("status")));
        given().get("/api/v1/evaluations/" + id).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("testExamples", equalTo(Fixtures.chats().size()))
                .body("systems.name", equalTo(List.of("base", "candidate")))
                .body("forgetting[0].task", equalTo("sentiment"))
                // the same weights twice: identical outputs, no gain, so the gate would not promote
                .body("comparisons.find { it.metric == 'rougeL' }.difference.estimate", equalTo(0.0f))
                .body("gate.promote", equalTo(false))
                .body("decision", equalTo("PENDING"));

        given().get("/api/v1/evaluations/" + id + "/report").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(org.hamcrest.Matchers.containsString("<svg"));
        given().get("/api/v1/evaluations/" + id + "/chart").then().statusCode(200)
                .contentType(startsWith("image/svg+xml"))
                .body(startsWith("<?xml"));
        String predictions = given().get("/api/v1/evaluations/" + id + "/predictions").then().statusCode(200)
                .extract().asString();
        assertThat(predictions.lines()).hasSize(Fixtures.chats().size());
        given().get("/api/v1/evaluations?modelName=" + modelName).then().statusCode(200)
                .body("evaluationId", equalTo(List.of(id)));
        given().get("/api/v1/evaluations?modelName=someone-else").then().statusCode(200)
                .body("evaluationId", not(hasItem(id)));
        given().queryParam("first", id).queryParam("second", id).get("/api/v1/evaluations/compare").then()
                .statusCode(200)
                .body("testSplit.find { it.name == 'rougeL' }.difference", equalTo(0.0f))
                .body("heldOutTasks[0].name", equalTo("sentiment exactMatch"));

        given().contentType(ContentType.JSON).body(Map.of("evaluationId", id))
                .post("/api/v1/models/" + modelName + "/reject").then()
                .statusCode(400).body("error", equalTo("reason-required"));
        given().contentType(ContentType.JSON).body(Map.of("evaluationId", id, "reason", "checked by hand"))
                .post("/api/v1/models/other-" + suffix + "/promote").then()
                .statusCode(409).body("error", equalTo("model-name-mismatch"));
        given().contentType(ContentType.JSON).body(Map.of("evaluationId", id, "reason", "checked by hand"))
                .post("/api/v1/models/" + modelName + "/promote").then()
                .statusCode(200).body("decision", equalTo("PROMOTED")).body("decisionReason",
                        equalTo("checked by hand"));
        given().get("/api/v1/models/" + modelName + "/promoted").then().statusCode(200)
                .body("evaluationId", equalTo(id))
                .body("decidedBy", equalTo("manual"))
                .body("checkpoint.key", equalTo(modelName + "/"));
        await().atMost(PATIENCE).until(() -> Topics.payloads(Topic.MODEL_DECISIONS, ModelPromoted.class).stream()
                .anyMatch(promoted -> promoted.modelName().equals(modelName) && promoted.evaluationId().equals(id)));
        given().contentType(ContentType.JSON).body(Map.of("evaluationId", id, "reason", "changed my mind"))
                .post("/api/v1/models/" + modelName + "/reject").then()
                .statusCode(409).body("error", equalTo("currently-promoted"));
    }

    @Test
    void refusesBadRequestsWithMachineReadableReasons() {
        ObjectRef modelFolder = Fixtures.uploadModel(store, new ObjectRef(layout.models(), "m-" + suffix + "/"),
                Fixtures.Row::completion, Fixtures.Row::completion);
        String model = "s3://" + modelFolder.bucket() + "/" + modelFolder.key();
        String testSet = "s3://" + layout.prompts() + "/" + Fixtures.uploadSplits(store, layout, "d-" + suffix)
                .get("test").key();

        expect400(Map.of(), "model-required");
        expect400(Map.of("baseModel", "http://example.com/model", "testSet", testSet), "invalid-argument");
        expect400(Map.of("baseModel", "s3://" + layout.models() + "/missing-" + suffix + "/", "testSet", testSet),
                "not-found-in-storage");
        expect400(Map.of("baseModel", model), "test-set-required");
        expect400(Map.of("baseModel", model, "testSet", testSet, "prompts", Map.of("datasetId", "d", "versionId",
                "v1", "renderId", "r")), "test-set-required");
        expect400(Map.of("baseModel", model, "testSet", testSet + ".missing"), "not-found-in-storage");
        expect400(Map.of("baseModel", model, "testSet", testSet, "maxNewTokens", 0), "invalid-argument");
        expect400(Map.of("baseModel", model, "testSet", testSet, "baseShots", List.of(0, 3)), "train-set-required");
        given().contentType(ContentType.JSON).body("{\"baseModel\": ").post("/api/v1/evaluations").then()
                .statusCode(400).body("error", equalTo("invalid-json"));

        given().get("/api/v1/evaluations/no-such-" + suffix).then().statusCode(404)
                .body("error", equalTo("evaluation-not-found"));
        given().get("/api/v1/evaluations/no-such-" + suffix + "/chart").then().statusCode(404)
                .body("error", equalTo("evaluation-not-found"));
        given().get("/api/v1/evaluations/compare?first=a").then().statusCode(400)
                .body("error", equalTo("two-evaluations-required"));
        given().contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/models/m/promote").then().statusCode(400)
                .body("error", equalTo("evaluation-id-required"));
        given().contentType(ContentType.JSON).body(Map.of("evaluationId", "no-such-" + suffix))
                .post("/api/v1/models/m/promote").then().statusCode(404)
                .body("error", equalTo("evaluation-not-found"));
        given().get("/api/v1/models/never-" + suffix + "/promoted").then().statusCode(404)
                .body("error", equalTo("nothing-promoted"));
    }

    private static void expect400(Map<String, Object> body, String error) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/evaluations").then()
                .statusCode(400).body("error", equalTo(error));
    }
}
