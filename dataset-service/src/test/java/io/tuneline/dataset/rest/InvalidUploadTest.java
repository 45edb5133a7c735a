package io.tuneline.dataset.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.DialogSumRows.csv;
import static io.tuneline.dataset.testing.DialogSumRows.dialogue;
import static io.tuneline.dataset.testing.DialogSumRows.lines;
import static io.tuneline.dataset.testing.DialogSumRows.summary;
import static io.tuneline.dataset.testing.DialogSumRows.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Bodies that cannot be read as their format: 400 with the position, and the dataset stays as it was. */
@QuarkusTest
class InvalidUploadTest {

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    private String datasetId;
    private byte[] manifestBefore;

    @BeforeEach
    void createAVersionThatMustSurvive() {
        datasetId = newDatasetId();
        given().contentType("application/x-ndjson").body(utf8(lines("train_", 0, 10)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(201);
        manifestBefore = manifestBytes();
    }

    @Test
    void jsonlWhoseFirstLineIsNotJsonIsRefusedWithLineAndColumn() {
        String uploadId = given().contentType("application/x-ndjson")
                .body(utf8("\n{\"fname\": \"x\", \"dialogue\": oops}\n" + lines("new_", 0, 5)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(400)
                .body("error", equalTo("malformed-json"))
                .body("details.line", equalTo(2))
                .body("details.column", equalTo(28))
                .body("message", containsString("line 2"))
                .extract().jsonPath().getString("details.uploadId");

        assertUnchanged();
        given().get("/api/v1/datasets/{datasetId}/uploads/{uploadId}", datasetId, uploadId)
                .then().statusCode(200)
                .body("status", equalTo("refused"))
                .body("refusal.code", equalTo("malformed-json"));
    }

    @Test
    void csvWithoutTheNeededColumnsIsRefusedAtTheHeader() {
        given().contentType("text/csv").body("id,text,label\n1,hello,greeting\n")
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(400)
                .body("error", equalTo("unmapped-field"))
                .body("details.line", equalTo(1))
                .body("message", containsString("map.input"));
        assertUnchanged();
    }

    @Test
    void csvWhoseQuoteNeverClosesIsRefusedAtTheQuoteEvenAfterGoodRows() {
        String body = "id,dialogue,summary\n"
                + "new_1," + csv(dialogue(101)) + "," + csv(summary(101)) + "\n"
                + "new_2,\"" + dialogue(102).replace("\n", " ") + "," + summary(102) + "\n"
                + "new_3,plain,row\n";
        given().contentType("text/csv").body(utf8(body))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(400)
                .body("error", equalTo("unterminated-quote"))
                .body("details.line", equalTo(5))
                .body("details.column", equalTo(7));
        assertUnchanged();
    }

    @Test
    void anEmptyBodyOrAnUnknownFormatIsRefused() {
        given().contentType("application/x-ndjson").body(new byte[0])
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(400).body("error", equalTo("empty-upload"));
        given().contentType("application/x-ndjson").body(utf8(lines("new_", 0, 2))).queryParam("format", "parquet")
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(400).body("error", equalTo("unknown-format"));
        given().contentType("application/x-ndjson").body(utf8(lines("new_", 0, 2)))
                .post("/api/v1/datasets/{datasetId}/uploads", "no$such..id")
                .then().statusCode(400).body("error", equalTo("invalid-argument"));
        assertUnchanged();
    }

    private void assertUnchanged() {
        given().get("/api/v1/datasets/{datasetId}/versions", datasetId)
                .then().statusCode(200).body("versionId", equalTo(List.of("v1")));
        assertThat(manifestBytes()).isEqualTo(manifestBefore);
    }

    private byte[] manifestBytes() {
        var ref = layout.datasetManifest(datasetId, "v1");
        return store.getBytes(ref.bucket(), ref.key());
    }
}
