package io.tuneline.dataset.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.split.SplitAssigner;
import io.tuneline.dataset.validation.ContentHashing;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.tuneline.dataset.testing.Datasets.examples;
import static io.tuneline.dataset.testing.Datasets.gunzip;
import static io.tuneline.dataset.testing.Datasets.gzip;
import static io.tuneline.dataset.testing.Datasets.manifest;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.Datasets.splitBytes;
import static io.tuneline.dataset.testing.DialogSumRows.lines;
import static io.tuneline.dataset.testing.DialogSumRows.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * How a new version is committed on top of its parent: a half-written version never counts and its number is
 * reused, the parent's segments are checked against the parent's SHA-256 before they are built on (when they are
 * read: after a restart, or once the parent's state left the in-memory cache), and the
 * parent's split policy is kept whatever the configuration says now.
 */
@QuarkusTest
class VersionCommitTest {

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Inject
    VersionService versions;

    @Test
    void aVersionThatNeverGotItsManifestIsNotListedAndTheNextUploadReusesItsNumber() {
        String datasetId = upload(newDatasetId(), lines("train_", 0, 10), 201);
        // What a commit that died after its first segment leaves behind: segment files, no manifest.
        ObjectRef halfTrain = layout.datasetCompressedSegment(datasetId, "v2", "train");
        store.put(halfTrain.bucket(), halfTrain.key(), gzip(utf8("{\"id\": \"half\"}\n")), "application/gzip");
        String stray = layout.datasetVersionPrefix(datasetId, "v2") + "validation.jsonl.part";
        store.put(layout.datasets(), stray, utf8("half"), "application/octet-stream");

        given().get("/api/v1/datasets/{datasetId}/versions", datasetId)
                .then().statusCode(200).body("versionId", equalTo(List.of("v1")));
        given().get("/api/v1/datasets/{datasetId}", datasetId)
                .then().statusCode(200).body("latestVersionId", equalTo("v1"));

        given().contentType("application/x-ndjson").body(utf8(lines("new_", 10, 20)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(201).body("versionId", equalTo("v2")).body("parentVersionId", equalTo("v1"));

        DatasetManifest v2 = manifest(datasetId, "v2");
        assertThat(v2.totalExamples()).isEqualTo(20);
        for (Split split : Split.values()) {
            SplitFile file = v2.files().get(split.wireName());
            byte[] content = splitBytes(store, v2, split.wireName());
            assertThat(HexFormat.of().formatHex(ContentHashing.newSha256().digest(content))).isEqualTo(file.sha256());
            assertThat(examples(content)).extracting(Example::id).doesNotContain("half");
        }
        // The half-written segment was replaced by v2's own, which holds only v2's examples.
        assertThat(examples(gunzip(store.getBytes(halfTrain.bucket(), halfTrain.key())))).extracting(Example::id)
                .isNotEmpty().allMatch(id -> id.startsWith("new_"));
        assertThat(store.list(layout.datasets(), layout.datasetVersionPrefix(datasetId, "v2")))
                .extracting(StoredObject::key).doesNotContain(stray);
    }

    @Test
    void aParentSegmentThatNoLongerMatchesItsChecksumIsNotBuiltOnAfterARestart() {
        String datasetId = upload(newDatasetId(), lines("train_", 0, 20), 201);
        DatasetManifest v1 = manifest(datasetId, "v1");
        SplitFile train = v1.segmentsOf("train").get(0);
        String original = new String(gunzip(store.getBytes(train.bucket(), train.key())), StandardCharsets.UTF_8);
        // Still valid JSON Lines, one word changed: only the checksum can tell.
        String damaged = original.replaceFirst("late delivery", "early delivery");
        assertThat(damaged).isNotEqualTo(original);
        store.put(train.bucket(), train.key(), gzip(utf8(damaged)), "application/gzip");
        // A process that wrote v1 trusts its immutable segments; a restarted one reads and verifies them.
        versions.forgetCachedStates();

        given().contentType("application/x-ndjson").body(utf8(lines("new_", 20, 25)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(500).body("error", equalTo("internal-error"));

        given().get("/api/v1/datasets/{datasetId}/versions", datasetId)
                .then().statusCode(200).body("versionId", equalTo(List.of("v1")));
        assertThat(store.list(layout.datasets(), layout.datasetVersionPrefix(datasetId, "v2"))).isEmpty();
    }

    @Test
    void aDatasetKeepsThePolicyOfItsFirstVersionWhileNewDatasetsGetTheConfiguredOne() throws Exception {
        SplitPolicy configured = SplitPolicy.ofRatios("tuneline", 0.8, 0.1, 0.1);
        String datasetId = upload(newDatasetId(), lines("train_", 0, 10), 201);
        assertThat(manifest(datasetId, "v1").splitPolicy()).isEqualTo(configured);
        // The dataset's first version was made under another configuration (a different seed and ratios).
        SplitPolicy earlier = new SplitPolicy("seed-of-an-earlier-configuration", 3000, 3000);
        ObjectRef manifestRef = layout.datasetManifest(datasetId, "v1");
        ObjectNode json = (ObjectNode) EventCodec.mapper().readTree(store.getBytes(manifestRef.bucket(),
                manifestRef.key()));
        json.set("splitPolicy", EventCodec.mapper().valueToTree(earlier));
        store.put(manifestRef.bucket(), manifestRef.key(), EventCodec.mapper().writeValueAsBytes(json),
                "application/json");

        String uploadId = given().contentType("application/x-ndjson").body(utf8(lines("new_", 10, 70)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(201).extract().path("uploadId");

        DatasetManifest v2 = manifest(datasetId, "v2");
        assertThat(v2.splitPolicy()).isEqualTo(earlier);
        int newExamples = 0;
        int placedDifferentlyByTheConfiguredPolicy = 0;
        for (Split split : Split.values()) {
            for (Example example : examples(splitBytes(store, v2, split.wireName()))) {
                if (uploadId.equals(example.source())) {
                    newExamples++;
                    assertThat(new SplitAssigner(earlier).assign(example)).as(example.id()).isEqualTo(split);
                    if (new SplitAssigner(configured).assign(example) != split) {
                        placedDifferentlyByTheConfiguredPolicy++;
                    }
                }
            }
        }
        assertThat(newExamples).isEqualTo(60);
        assertThat(placedDifferentlyByTheConfiguredPolicy).isPositive(); // so the check above can tell them apart
        assertThat(manifest(upload(newDatasetId(), lines("other_", 0, 5), 201), "v1").splitPolicy())
                .isEqualTo(configured);
    }

    private static String upload(String datasetId, String body, int status) {
        given().contentType("application/x-ndjson").body(utf8(body))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(status);
        return datasetId;
    }
}
