package io.tuneline.dataset.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.DatasetSummary;
import io.tuneline.contracts.dataset.VersionSummary;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.testing.Datasets;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.tuneline.dataset.testing.Datasets.manifest;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.DialogSumRows.lines;
import static io.tuneline.dataset.testing.DialogSumRows.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class DatasetResourceTest {

    @Inject
    ObjectStore store;

    @Test
    void listsDatasetsAndVersionsWithTheirDetails() {
        String datasetId = newDatasetId();
        upload(datasetId, lines("a_", 0, 30));
        upload(datasetId, lines("b_", 30, 50));

        given().get("/api/v1/datasets").then().statusCode(200)
                .body("datasetId", hasItem(datasetId));
        given().get("/api/v1/datasets/{datasetId}", datasetId).then().statusCode(200)
                .body("latestVersionId", equalTo("v2"))
                .body("versions", equalTo(2))
                .body("totalExamples", equalTo(50));
        given().get("/api/v1/datasets/{datasetId}/versions", datasetId).then().statusCode(200)
                .body("versionId", equalTo(List.of("v1", "v2")))
                .body("parentVersionId", equalTo(Arrays.asList(null, "v1")))
                .body("totalExamples", equalTo(List.of(30, 50)))
                .body("trigger", equalTo(List.of("upload", "upload")));
        given().get("/api/v1/datasets/{datasetId}/versions/v2", datasetId).then().statusCode(200)
                .body("statistics.train.inputChars.p95", notNullValue())
                .body("files.train.sha256.length()", equalTo(64))
                .body("splitPolicy.trainBasisPoints", equalTo(8000));
    }

    /** The answers as the launcher reads them: contracts' records, with the mapper it uses. */
    @Test
    void theAnswersReadIntoTheContractRecordsTheLauncherUses() throws Exception {
        String datasetId = newDatasetId();
        upload(datasetId, lines("a_", 0, 30));
        upload(datasetId, lines("b_", 30, 50));
        DatasetManifest v1 = manifest(datasetId, "v1");
        DatasetManifest v2 = manifest(datasetId, "v2");

        List<VersionSummary> versions = EventCodec.mapper().readValue(given()
                .get("/api/v1/datasets/{datasetId}/versions", datasetId).then().statusCode(200).extract().asString(),
                new TypeReference<>() { });
        DatasetSummary dataset = EventCodec.mapper().readValue(given().get("/api/v1/datasets/{datasetId}", datasetId)
                .then().statusCode(200).extract().asString(), DatasetSummary.class);

        assertThat(versions).containsExactly(VersionSummary.of(v1), VersionSummary.of(v2));
        assertThat(dataset).isEqualTo(new DatasetSummary(datasetId, "v2", 2, 50, v2.counts(), v2.createdAt()));
        assertThat(v2.files().values().stream().mapToLong(file -> file.bytes()).sum()).isPositive();
    }

    @Test
    void pagesThroughASplitInFileOrder() {
        String datasetId = newDatasetId();
        upload(datasetId, lines("p_", 0, 45));
        DatasetManifest manifest = manifest(datasetId, "v1");
        long trainCount = manifest.counts().get("train");

        List<String> ids = new ArrayList<>();
        Long offset = 0L;
        int pages = 0;
        while (offset != null) {
            JsonPath page = given().queryParam("offset", offset).queryParam("limit", 10)
                    .get("/api/v1/datasets/{datasetId}/versions/v1/splits/train/examples", datasetId)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(page.getLong("total")).isEqualTo(trainCount);
            ids.addAll(page.getList("items.id"));
            offset = page.get("nextOffset") == null ? null : page.getLong("nextOffset");
            pages++;
        }

        assertThat(pages).isEqualTo((int) Math.ceil(trainCount / 10.0));
        assertThat(ids).hasSize((int) trainCount).doesNotHaveDuplicates();
        assertThat(ids).isEqualTo(Datasets.examples(Datasets.splitBytes(store, manifest, "train")).stream()
                .map(Example::id).toList());
        given().queryParam("offset", trainCount)
                .get("/api/v1/datasets/{datasetId}/versions/v1/splits/train/examples", datasetId)
                .then().statusCode(200).body("items.size()", equalTo(0)).body("nextOffset", equalTo(null));
    }

    @Test
    void answersUnknownThingsWithMachineReadableErrors() {
        String datasetId = newDatasetId();
        given().get("/api/v1/datasets/{datasetId}", datasetId)
                .then().statusCode(404).body("error", equalTo("dataset-not-found"));
        given().get("/api/v1/datasets/{datasetId}/versions", datasetId)
                .then().statusCode(404).body("error", equalTo("dataset-not-found"));
        upload(datasetId, lines("e_", 0, 3));
        given().get("/api/v1/datasets/{datasetId}/versions/v9", datasetId)
                .then().statusCode(404).body("error", equalTo("version-not-found"));
        given().get("/api/v1/datasets/{datasetId}/versions/v1/splits/holdout/examples", datasetId)
                .then().statusCode(400).body("error", equalTo("unknown-split"));
        given().queryParam("limit", 0).get("/api/v1/datasets/{datasetId}/versions/v1/splits/train/examples", datasetId)
                .then().statusCode(400).body("error", equalTo("invalid-parameter"))
                .body("details.parameter", equalTo("limit"));
        given().get("/api/v1/datasets/{datasetId}/uploads/up-none", datasetId)
                .then().statusCode(404).body("error", equalTo("upload-not-found"));
    }

    @Test
    void publishesItsApiAsOpenApi() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/datasets/{datasetId}/uploads"))
                .body("paths", hasKey(
                        "/api/v1/datasets/{datasetId}/versions/{versionId}/splits/{split}/examples"));
    }

    private static void upload(String datasetId, String body) {
        given().contentType("application/x-ndjson").body(utf8(body))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(201);
    }
}
