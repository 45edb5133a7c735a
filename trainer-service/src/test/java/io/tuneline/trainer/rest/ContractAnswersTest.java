package io.tuneline.trainer.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tuneline.contracts.api.BaseModel;
import io.tuneline.contracts.api.RunState;
import io.tuneline.contracts.api.TrainingRun;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.trainer.testing.Runs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * trainer-service's real answers read into the contract records the launcher uses ({@code io.tuneline.contracts.api}),
 * and written back they are the same JSON: the records hold every field the service sends, under the same names.
 */
@QuarkusTest
class ContractAnswersTest {

    private static final Path FIXTURE = Path.of("src/test/resources/models/flan-t5-tiny-untied");
    private static final ObjectMapper JSON = EventCodec.mapper();

    @Test
    void aBaseModelRegistrationReadsIntoBaseModel() throws Exception {
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            given().contentType(ContentType.BINARY).body(FIXTURE.resolve(file).toFile())
                    .put("/api/v1/base-models/contract-tiny/files/" + file).then().statusCode(200);
        }
        String answer = given().contentType(ContentType.JSON).body(Map.of("name", "contract-tiny"))
                .post("/api/v1/base-models").then().statusCode(201).extract().asString();

        BaseModel model = JSON.readValue(answer, BaseModel.class);

        assertThat(model.name()).isEqualTo("contract-tiny");
        assertThat(model.location()).isEqualTo("s3://tuneline-models/contract-tiny/");
        assertThat(model.summary().dModel()).isEqualTo(64);
        assertThat(model.summary().encoderLayers()).isEqualTo(3);
        assertThat(model.summary().tokenizerPresent()).isTrue();
        assertThat(model.files()).contains("config.json", "model.safetensors", "tokenizer.json");
        assertThat(model.registeredAt()).isNotNull();
        assertThat(JSON.readTree(JSON.writeValueAsString(model))).isEqualTo(JSON.readTree(answer));
    }

    @Test
    void aCreatedRunAndTheRunListReadIntoTrainingRun() throws Exception {
        Map<String, Object> spec = new HashMap<>(Runs.spec("contract-model", 2, 1));
        spec.put("datasetId", "contract-chats");
        spec.put("renderId", "contract-render-1");
        String created = given().contentType(ContentType.JSON).body(spec).post("/api/v1/runs")
                .then().statusCode(201).extract().asString();

        TrainingRun run = JSON.readValue(created, TrainingRun.class);
        assertThat(run.runId()).isNotBlank();
        assertThat(run.spec().renderId()).isEqualTo("contract-render-1");
        assertThat(run.spec().maxSteps()).isEqualTo(2);
        assertThat(run.trigger()).isEqualTo("api");
        assertThat(JSON.readTree(JSON.writeValueAsString(run))).isEqualTo(JSON.readTree(created));

        Runs.awaitState(run.runId(), "SUCCEEDED");
        String listed = given().queryParam("datasetId", "contract-chats").get("/api/v1/runs")
                .then().statusCode(200).extract().asString();
        List<TrainingRun> runs = JSON.readValue(listed, new TypeReference<>() { });
        TrainingRun finished = runs.stream().filter(r -> r.runId().equals(run.runId())).findFirst().orElseThrow();
        assertThat(finished.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(finished.metrics()).isNotEmpty();
        assertThat(finished.bestCheckpoint()).startsWith("s3://");
        assertThat(JSON.readTree(JSON.writeValueAsString(runs))).isEqualTo(JSON.readTree(listed));
    }
}
