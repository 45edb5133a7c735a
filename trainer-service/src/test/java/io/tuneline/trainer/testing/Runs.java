package io.tuneline.trainer.testing;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Runs through the REST API, as a client would drive them. */
public final class Runs {

    /** Where test specs say the base model is; the fake worker never reads it. */
    public static final String BASE_MODEL = "s3://tuneline-models/flan-t5-tiny/";

    private Runs() {
    }

    public static Map<String, Object> spec(String modelName, int maxSteps, int checkpointEvery) {
        return Map.of("modelName", modelName, "baseModel", BASE_MODEL,
                "train", "s3://tuneline-prompts/chats/v1/r1/train.jsonl", "maxSteps", maxSteps,
                "checkpointEvery", checkpointEvery, "datasetId", "chats");
    }

    public static String create(Map<String, Object> spec) {
        return given().contentType(ContentType.JSON).body(spec).post("/api/v1/runs")
                .then().statusCode(201).extract().path("runId");
    }

    public static JsonPath get(String runId) {
        return given().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath awaitState(String runId, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> state.equals(get(runId).getString("state")));
        return get(runId);
    }
}
