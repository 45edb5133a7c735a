package io.tuneline.dataset.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.testing.Datasets;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.tuneline.dataset.testing.Datasets.splitBytes;
import static io.restassured.RestAssured.given;
import static io.tuneline.dataset.testing.Datasets.examples;
import static io.tuneline.dataset.testing.Datasets.manifest;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.DialogSumRows.dialogue;
import static io.tuneline.dataset.testing.DialogSumRows.json;
import static io.tuneline.dataset.testing.DialogSumRows.lines;
import static io.tuneline.dataset.testing.DialogSumRows.summary;
import static io.tuneline.dataset.testing.DialogSumRows.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** What a run on DialogSum's real test split and a batch of malformed uploads exposed, end to end on real S3. */
@QuarkusTest
class RealDataUploadTest {

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void dialogSumTestRowsWithNumberedTopicsKeepEveryTopicAndStayInTheTestSplitWhenMarkedSo() {
        String datasetId = newDatasetId();
        StringBuilder body = new StringBuilder();
        for (int n = 0; n < 12; n++) {
            body.append(json(Map.of("fname", "test_" + n + "_1", "dialogue", dialogue(n), "summary1", summary(n),
                    "summary2", "Second reference " + n + ".", "summary3", "Third reference " + n + ".",
                    "topic1", "delivery", "topic2", "late parcel", "topic3", "shopping"))).append('\n');
        }
        JsonPath report = given().contentType("application/x-ndjson").body(utf8(body.toString()))
                .post("/api/v1/datasets/{datasetId}/uploads?format=dialogsum&split=test", datasetId)
                .then().statusCode(201)
                .body("split", equalTo("test"))
                .body("mapping.topic", equalTo("topic1"))
                .body("mapping.topics", equalTo(List.of("topic1", "topic2", "topic3")))
                .extract().jsonPath();
        assertThat(report.getLong("accepted")).isEqualTo(12);

        DatasetManifest manifest = manifest(datasetId, "v1");
        assertThat(manifest.counts()).containsEntry("test", 12L).containsEntry("train", 0L)
                .containsEntry("validation", 0L);
        Example first = examples(splitBytes(store, manifest, "test")).get(0);
        assertThat(first.topic()).isEqualTo("delivery");
        assertThat(first.topics()).containsExactly("delivery", "late parcel", "shopping");
    }

    @Test
    void anUnknownFixedSplitIsABadRequest() {
        given().contentType("application/x-ndjson").body(utf8(lines("t_", 0, 2)))
                .post("/api/v1/datasets/{datasetId}/uploads?split=holdout", newDatasetId())
                .then().statusCode(400).body("error", equalTo("unknown-split"));
    }

    @Test
    void malformedValuesAreRejectedRowByRowWithTheirReason() {
        String datasetId = newDatasetId();
        String body = String.join("\n",
                "{\"id\": \"ok-1\", \"input\": \"Hello there\", \"output\": \"A greeting.\"}",
                "{\"id\": \"num\", \"input\": \"How many?\", \"output\": 42}",
                "{\"id\": \"bool\", \"input\": true, \"output\": \"Yes.\"}",
                "{\"id\": \"arr\", \"input\": [\"a\", \"b\"], \"output\": \"Two.\"}",
                "{\"id\": \"obj\", \"input\": \"Tell me\", \"output\": {\"text\": \"nested\"}}",
                "{\"id\": \"nbsp\", \"input\": \"Something\", \"output\": \"\u00a0\u2003\u200b\"}",
                "{\"id\": \"bell\", \"input\": \"Ring \\u0007 ring\", \"output\": \"A bell.\"}",
                "{\"id\": \"esc\", \"input\": \"Color \\u001b[31m\", \"output\": \"Red.\"}",
                "{\"id\": \"tabs\", \"input\": \"Col1\\tCol2\\nNext line\", \"output\": \"Tabs and newlines.\"}",
                "{\"id\": 7, \"input\": \"A numeric id\", \"output\": \"Fine.\"}",
                "{\"prompt\": \"Translate: chat\", \"completion\": \"cat\"}",
                "{\"input\": \"Translate: chien\", \"output\": \"dog\"}") + "\n";
        JsonPath report = given().contentType("application/x-ndjson").body(utf8(body))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(201).extract().jsonPath();

        assertThat(report.getLong("accepted")).isEqualTo(5);
        assertThat(report.getMap("rejectedByCode")).containsEntry("wrong-type", 4).containsEntry("empty-field", 1)
                .containsEntry("control-character", 2);
        List<Map<String, Object>> rejections = report.getList("rejections");
        assertThat(rejections).extracting(r -> r.get("reason")).contains(
                "field 'output' is a JSON number where text is expected",
                "field 'input' is a JSON boolean where text is expected",
                "field 'input' is a JSON array where text is expected",
                "field 'output' is a JSON object where text is expected");
        assertThat(rejections).filteredOn(r -> "bell".equals(r.get("exampleId"))).singleElement()
                .satisfies(r -> assertThat((String) r.get("reason")).contains("input", "U+0007"));

        DatasetManifest manifest = manifest(datasetId, "v1");
        List<Example> stored = Datasets.storedExamples(store, manifest);
        assertThat(stored).extracting(Example::id).contains("ok-1", "tabs", "7");
        assertThat(stored).filteredOn(e -> e.id().equals("tabs")).singleElement()
                .satisfies(e -> assertThat(e.input()).isEqualTo("Col1\tCol2\nNext line"));
        assertThat(stored).extracting(Example::input).contains("Translate: chat", "Translate: chien");
        assertThat(stored).filteredOn(e -> e.input().equals("Translate: chat")).singleElement()
                .satisfies(e -> assertThat(e.output()).isEqualTo("cat"));
    }

    @Test
    void aHugeHeaderComesBackAsAShortTruncatedExcerpt() {
        StringBuilder header = new StringBuilder("id");
        for (int i = 0; header.length() < 300_000; i++) {
            header.append(",column_with_a_rather_long_name_").append(i);
        }
        String error = given().contentType("text/csv").body(utf8(header + "\n1,a,b\n"))
                .post("/api/v1/datasets/{datasetId}/uploads", newDatasetId())
                .then().statusCode(400).body("error", equalTo("unmapped-field"))
                .body("message", containsString("truncated"))
                .extract().asString();
        assertThat(error.length()).isLessThan(1_000);
    }

    @Test
    void nonNumericPagingParametersAreBadRequestsNamingTheParameter() {
        String datasetId = newDatasetId();
        given().contentType("application/x-ndjson").body(utf8(lines("p_", 0, 5)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(201);
        String examples = "/api/v1/datasets/{datasetId}/versions/v1/splits/train/examples";
        given().queryParam("limit", "ten").get(examples, datasetId)
                .then().statusCode(400).body("error", equalTo("invalid-parameter"))
                .body("details.parameter", equalTo("limit"));
        given().queryParam("offset", "-1").get(examples, datasetId)
                .then().statusCode(400).body("details.parameter", equalTo("offset"));
        given().queryParam("limit", "2").get(examples, datasetId).then().statusCode(200)
                .body("limit", equalTo(2));
    }

    @Test
    void orphanObjectsOfAVersionWithoutManifestAreNeverListedAndAreReplacedByTheNextVersion() {
        String datasetId = newDatasetId();
        given().contentType("application/x-ndjson").body(utf8(lines("o_", 0, 5)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(201);
        ObjectRef orphanSplit = layout.datasetSplit(datasetId, "v2", "train");
        String stray = layout.datasetVersionPrefix(datasetId, "v2") + "half-written.tmp";
        store.put(orphanSplit.bucket(), orphanSplit.key(), utf8("{\"id\": \"ghost\"}\n"), "application/x-ndjson");
        store.put(layout.datasets(), stray, utf8("x"), "application/octet-stream");

        given().get("/api/v1/datasets/{datasetId}/versions", datasetId)
                .then().statusCode(200).body("versionId", equalTo(List.of("v1")));
        given().get("/api/v1/datasets/{datasetId}/versions/v2", datasetId).then().statusCode(404);

        given().contentType("application/x-ndjson").body(utf8(lines("o_", 5, 10)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(201)
                .body("versionId", equalTo("v2"));
        assertThat(store.exists(layout.datasets(), stray)).isFalse();
        assertThat(store.exists(orphanSplit.bucket(), orphanSplit.key())).as("the orphan is gone").isFalse();
        assertThat(Datasets.storedExamples(store, manifest(datasetId, "v2"))).extracting(Example::id)
                .doesNotContain("ghost");
        given().get("/api/v1/datasets/{datasetId}", datasetId).then().body("latestVersionId", equalTo("v2"));
    }
}
