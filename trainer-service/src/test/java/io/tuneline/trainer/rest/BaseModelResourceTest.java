package io.tuneline.trainer.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The base-model registry on the real S3 server, with the tiny FLAN-T5-shaped fixture checkpoint. */
@QuarkusTest
class BaseModelResourceTest {

    private static final Path FIXTURE = Path.of("src/test/resources/models/flan-t5-tiny-untied");
    /** Sum of the tensor shapes in the fixture's safetensors header, counted independently with Python. */
    private static final long FIXTURE_PARAMETERS = 278_656;

    @Inject
    ObjectStore store;

    @Test
    void anUploadedFolderIsRegisteredWithItsConfigSummary() {
        for (String file : List.of("config.json", "generation_config.json", "model.safetensors", "tokenizer.json")) {
            given().contentType(ContentType.BINARY).body(FIXTURE.resolve(file).toFile())
                    .put("/api/v1/base-models/flan-t5-tiny/files/" + file)
                    .then().statusCode(200).body("stored", equalTo("s3://tuneline-models/flan-t5-tiny/" + file));
        }

        given().contentType(ContentType.JSON).body(Map.of("name", "flan-t5-tiny")).post("/api/v1/base-models")
                .then().statusCode(201)
                .body("location", equalTo("s3://tuneline-models/flan-t5-tiny/"))
                .body("summary.dModel", equalTo(64))
                .body("summary.encoderLayers", equalTo(3))
                .body("summary.decoderLayers", equalTo(2))
                .body("summary.heads", equalTo(4))
                .body("summary.vocabSize", equalTo(312))
                .body("summary.feedForward", equalTo("gated-gelu"))
                .body("summary.tiedEmbeddings", equalTo(false))
                .body("summary.parameterCount", equalTo((int) FIXTURE_PARAMETERS))
                .body("summary.tokenizerPresent", equalTo(true));
        given().get("/api/v1/base-models").then().statusCode(200).body("name", hasItem("flan-t5-tiny"));
    }

    @Test
    void aFolderAlreadyInStorageIsRegisteredAndRunsResolveItsName() throws Exception {
        for (String file : List.of("config.json", "model.safetensors")) {
            try (InputStream in = java.nio.file.Files.newInputStream(FIXTURE.resolve(file))) {
                store.put("tuneline-models", "imported/tiny/" + file, in, "application/octet-stream");
            }
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "tiny-imported", "location", "s3://tuneline-models/imported/tiny"))
                .post("/api/v1/base-models")
                .then().statusCode(201).body("location", equalTo("s3://tuneline-models/imported/tiny/"))
                .body("summary.tokenizerPresent", equalTo(false));

        String runId = given().contentType(ContentType.JSON).body(Map.of("baseModel", "tiny-imported",
                        "train", "s3://tuneline-prompts/x/v1/r/train.jsonl", "maxSteps", 1))
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
        assertThat(given().get("/api/v1/runs/" + runId).then().extract().jsonPath().getString("baseModelPath"))
                .isEqualTo("s3://tuneline-models/imported/tiny/");
        assertThat(new String(store.getBytes("tuneline-checkpoints", runId + "/spec.json")))
                .contains("\"baseModel\":\"s3://tuneline-models/imported/tiny/\"");
        io.tuneline.trainer.testing.Runs.awaitState(runId, "SUCCEEDED");
    }

    @Test
    void aFolderWithoutConfigIsNotAModel() {
        store.put("tuneline-models", "empty-ish/readme.txt", "hi".getBytes());
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "broken", "location", "s3://tuneline-models/empty-ish/"))
                .post("/api/v1/base-models")
                .then().statusCode(400).body("error", equalTo("not-a-model"));
        given().contentType(ContentType.JSON).body(Map.of("name", "broken", "location", "/local/path"))
                .post("/api/v1/base-models")
                .then().statusCode(400).body("error", equalTo("bad-location")).body("details.field", equalTo("location"));
        given().contentType(ContentType.BINARY).body(new byte[]{1})
                .put("/api/v1/base-models/tiny/files/..%2Fescape")
                .then().statusCode(400).body("error", equalTo("bad-file-name"));
    }
}
