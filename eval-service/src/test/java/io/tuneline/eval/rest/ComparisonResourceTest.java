package io.tuneline.eval.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.eval.testing.Fixtures;
import io.tuneline.eval.testing.ScriptedRunFlow;
import io.tuneline.eval.testing.Topics;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

/**
 * Full, multi-task full and LoRA runs announced on the real broker, evaluated (scripted models, real scoring, real
 * S3), then compared over REST: gains, forgetting and the cost figures that travelled in TrainingCompleted.
 */
@QuarkusTest
class ComparisonResourceTest extends ScriptedRunFlow {

    private static final double FULL_PARAMETERS = 76_961_152;

    @Test
    void fullMultiTaskAndLoraRunsSideBySide() throws Exception {
        // full: every chat right, every review wrong; mixture: half the chats right, reviews right; LoRA: all right
        TrainingCompleted full = finished("full", "full", Fixtures.Row::completion, row -> Fixtures.flipSentiment(row.completion()),
                Map.of("trainable_parameters", FULL_PARAMETERS, "model_parameters", FULL_PARAMETERS,
                        "checkpoint_bytes", 308_000_000.0, "wall_seconds", 310.0, "mix_fraction", 0.0));
        TrainingCompleted mixture = finished("mix", "full", row -> row.exampleId().compareTo("chat-6") < 0
                        ? row.completion() : "The customer has a problem.", Fixtures.Row::completion,
                Map.of("trainable_parameters", FULL_PARAMETERS, "model_parameters", FULL_PARAMETERS,
                        "checkpoint_bytes", 308_000_000.0, "wall_seconds", 420.0, "mix_fraction", 0.3));
        TrainingCompleted lora = finished("lora", "lora", Fixtures.Row::completion, Fixtures.Row::completion,
                Map.of("trainable_parameters", 344_064.0, "model_parameters", FULL_PARAMETERS,
                        "checkpoint_bytes", 1_380_000.0, "wall_seconds", 250.0, "lora_r", 8.0));

        JsonPath table = given().queryParam("runs", full.runId() + "," + mixture.runId() + "," + lora.runId())
                .get("/api/v1/comparisons").then().statusCode(200).extract().jsonPath();

        assertThat(table.getString("targetMetric")).isEqualTo("rougeL");
        assertThat(table.getList("heldOutTasks")).containsExactly("sentiment");
        assertThat(table.getList("runs.runId")).containsExactly(full.runId(), mixture.runId(), lora.runId());
        assertThat(table.getList("runs.label")).containsExactly("full", "multi-task full (30 % mixed)", "LoRA r 8");
        assertThat(table.getDouble("runs[0].score.estimate")).isEqualTo(1.0);
        assertThat(table.getDouble("runs[0].gain.estimate")).isCloseTo(1.0 - table.getDouble("runs[0].baseScore.estimate"),
                within(1e-6));
        assertThat(table.getDouble("runs[0].gain.lower")).isPositive();
        assertThat(table.getDouble("runs[1].gain.estimate")).isLessThan(table.getDouble("runs[0].gain.estimate"));
        assertThat(table.getDouble("runs[0].meanRelativeChange")).isEqualTo(-1.0);
        assertThat(table.getInt("runs[0].tasksWorse")).isEqualTo(1);
        assertThat(table.getDouble("runs[1].meanRelativeChange")).isEqualTo(0.0);
        assertThat(table.getDouble("runs[2].heldOut[0].after")).isEqualTo(1.0);
        assertThat(table.getLong("runs[2].trainableParameters")).isEqualTo(344_064L);
        assertThat(table.getLong("runs[2].checkpointBytes")).isEqualTo(1_380_000L);
        assertThat(table.getDouble("runs[2].trainingSeconds")).isEqualTo(250.0);
        assertThat(table.getString("runs[2].method")).isEqualTo("lora");
        assertThat(table.getString("runs[2].baseModel")).isEqualTo("base-" + lora.runId());
        assertThat(table.getList("runs.decision")).containsExactly("REJECTED", "PROMOTED", "PROMOTED");

        // A promoted LoRA run is served as an adapter: ModelPromoted names the base it was trained on.
        assertThat(Topics.payloads(Topic.MODEL_DECISIONS, ModelPromoted.class).stream()
                .filter(promoted -> promoted.runId().equals(lora.runId()))).singleElement()
                .satisfies(promoted -> assertThat(promoted.baseModel()).isEqualTo(lora.baseModelRef()));

        String html = given().queryParam("runs", full.runId() + "," + lora.runId()).get("/api/v1/comparisons/report")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html")).extract().asString();
        assertThat(html).contains("<table id=\"comparison\">").contains("LoRA r 8").contains("344.1 k (0.45 %)")
                .contains(full.runId());
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)))
                .getElementsByTagName("circle").getLength()).isEqualTo(2);
    }

    @Test
    void runsThatCannotBeComparedAreClearErrors() {
        given().get("/api/v1/comparisons").then().statusCode(400).body("error", equalTo("runs-required"));
        given().queryParam("runs", "no-such-run-" + suffix).get("/api/v1/comparisons").then().statusCode(404)
                .body("error", equalTo("evaluation-not-found"))
                .body("message", org.hamcrest.Matchers.containsString("no-such-run-" + suffix));
        given().queryParam("runs", "../etc").get("/api/v1/comparisons").then().statusCode(400)
                .body("error", equalTo("invalid-run-id"));
    }

    private TrainingCompleted finished(String kind, String method, java.util.function.Function<Fixtures.Row, String> chats,
            java.util.function.Function<Fixtures.Row, String> reviews, Map<String, Double> metrics) {
        String runId = kind + "-" + suffix;
        TrainingCompleted run = run("cmp-" + runId, runId, method, row -> "The customer has a problem.", chats,
                reviews, metrics);
        publisher.publish(run);
        awaitHandled(runId);
        return run;
    }
}
