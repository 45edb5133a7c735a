package io.tuneline.trainer.messaging;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.trainer.testing.Runs;
import io.tuneline.trainer.testing.TopicClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * PromptsRendered on the real broker → the dataset's policy → a run on the local executor (fake worker child JVM)
 * → checkpoints in S3 → TrainingCompleted; the same event delivered again, as a redelivery and as a duplicate with
 * a new event id, starts nothing more.
 */
@QuarkusTest
class PromptsRenderedRetrainingTest {

    @Test
    void aRenderStartsOneRunHoweverOftenItIsDelivered() {
        String dataset = "support-retrain";
        given().contentType(ContentType.JSON).body(Map.of("enabled", true, "minNewExamples", 0, "minInterval", "PT0S",
                        "specTemplate", Map.of("baseModel", Runs.BASE_MODEL, "maxSteps", 3, "checkpointEvery", 1)))
                .put("/api/v1/retraining-policies/" + dataset)
                .then().statusCode(200).body("enabled", equalTo(true));
        PromptsRendered rendered = rendered(dataset, "r-0001", 40);
        Event<PromptsRendered> event = Event.of("template-service", rendered);

        TopicClient.publish(event);
        TopicClient.publish(event);
        TopicClient.publish(Event.of("template-service", rendered));

        await().atMost(Duration.ofSeconds(60)).until(() -> !runsOf(dataset).isEmpty());
        String runId = runsOf(dataset).get(0);
        JsonPath run = Runs.awaitState(runId, "SUCCEEDED");
        assertThat(run.getString("trigger")).isEqualTo("retraining:r-0001");
        assertThat(run.getString("spec.train")).isEqualTo("s3://tuneline-prompts/" + dataset + "/v1/r-0001/train.jsonl");
        assertThat(run.getString("spec.modelName")).isEqualTo(dataset);
        assertThat(TopicClient.payloads("tuneline.training-results", TrainingCompleted.class,
                c -> c.runId().equals(runId))).singleElement()
                .satisfies(c -> assertThat(c.renderId()).isEqualTo("r-0001"));
        // All three deliveries were handled (the consumer is past them) and still only one run exists.
        await().atMost(Duration.ofSeconds(30)).until(() -> handledPromptsRendered() >= 3);
        assertThat(runsOf(dataset)).containsExactly(runId);
    }

    @Test
    void aPolicyWaitsForEnoughNewExamples() {
        String dataset = "support-threshold";
        given().contentType(ContentType.JSON).body(Map.of("enabled", true, "minNewExamples", 100,
                        "minInterval", "PT0S", "specTemplate", Map.of("baseModel", Runs.BASE_MODEL, "maxSteps", 2)))
                .put("/api/v1/retraining-policies/" + dataset).then().statusCode(200);
        double before = handledPromptsRendered();

        TopicClient.publish(Event.of("template-service", rendered(dataset, "r-small", 40)));

        await().atMost(Duration.ofSeconds(30)).until(() -> handledPromptsRendered() > before);
        assertThat(runsOf(dataset)).isEmpty();
    }

    @Test
    void aBadPolicyIsA400NamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("enabled", true, "minNewExamples", 1,
                        "specTemplate", Map.of("maxSteps", 2)))
                .put("/api/v1/retraining-policies/some-dataset")
                .then().statusCode(400).body("error", equalTo("invalid-policy"))
                .body("details.field", equalTo("specTemplate.baseModel"));
        given().contentType(ContentType.JSON).body(Map.of("enabled", true, "minNewExamples", -1))
                .put("/api/v1/retraining-policies/some-dataset")
                .then().statusCode(400).body("details.field", equalTo("minNewExamples"));
    }

    private static PromptsRendered rendered(String dataset, String renderId, long train) {
        Map<String, ObjectRef> splits = Map.of(
                "train", new ObjectRef("tuneline-prompts", dataset + "/v1/" + renderId + "/train.jsonl"),
                "validation", new ObjectRef("tuneline-prompts", dataset + "/v1/" + renderId + "/validation.jsonl"));
        return new PromptsRendered(dataset, "v1", renderId, null, splits, Map.of("train", train, "validation", 5L),
                0);
    }

    private static List<String> runsOf(String dataset) {
        return given().queryParam("datasetId", dataset).get("/api/v1/runs").then().statusCode(200)
                .extract().jsonPath().getList("runId", String.class);
    }

    /** From the metrics the shared inbox keeps. */
    private static double handledPromptsRendered() {
        String metrics = given().get("/q/metrics").then().extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("tuneline_events_handled_total") && line.contains("prompts.rendered"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
