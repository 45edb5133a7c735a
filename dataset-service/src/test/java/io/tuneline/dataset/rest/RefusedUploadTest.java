package io.tuneline.dataset.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.testing.KafkaTopics;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.tuneline.dataset.testing.Datasets.manifest;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.DialogSumRows.csv;
import static io.tuneline.dataset.testing.DialogSumRows.dialogue;
import static io.tuneline.dataset.testing.DialogSumRows.lines;
import static io.tuneline.dataset.testing.DialogSumRows.summary;
import static io.tuneline.dataset.testing.DialogSumRows.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A refused upload stores nothing but its refusal report: every object of the earlier version stays byte for
 * byte, no later version appears, and the rows it had already rejected before the refusal are not dead-lettered.
 */
@QuarkusTest
class RefusedUploadTest {

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void aCsvRefusedAfterRejectedRowsLeavesEveryStoredObjectAndTheDeadLetterTopicAsTheyWere() {
        String datasetId = newDatasetId();
        given().contentType("application/x-ndjson").body(utf8(lines("train_", 0, 30)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(201);
        Map<String, byte[]> before = objectsOf(datasetId);
        // v1 is its segments (one per split that got examples), its manifest and its upload's report.
        assertThat(before.keySet()).contains(datasetId + "/versions/v1/segments/train.jsonl.gz",
                datasetId + "/versions/v1/manifest.json");
        assertThat(before.keySet()).anyMatch(key -> key.startsWith(datasetId + "/uploads/")
                && key.endsWith("/report.json"));
        assertThat(before.keySet()).containsAll(segmentKeys(datasetId));

        String body = "id,dialogue,summary\n"
                + "new_1," + csv(dialogue(101)) + "," + csv(summary(101)) + "\n"  // would be accepted
                + "new_2," + csv(dialogue(102)) + ",\" \"\n"                       // empty-field
                + "train_3," + csv(dialogue(103)) + "," + csv(summary(103)) + "\n" // duplicate id, other texts
                + "new_4,\"" + dialogue(104).replace("\n", " ") + "," + summary(104) + "\n"; // quote never closes
        String uploadId = given().contentType("text/csv").body(utf8(body))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(400).body("error", equalTo("unterminated-quote"))
                .extract().jsonPath().getString("details.uploadId");

        Map<String, byte[]> after = objectsOf(datasetId);
        String refusalReport = layout.uploadReport(datasetId, uploadId).key();
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(
                concat(before.keySet(), refusalReport));
        before.forEach((key, bytes) -> assertThat(after.get(key)).as(key).isEqualTo(bytes));
        given().get("/api/v1/datasets/{datasetId}/versions", datasetId)
                .then().statusCode(200).body("versionId", equalTo(List.of("v1")));
        // Dead letters of an upload are published before it answers, so none can still be on their way.
        assertThat(KafkaTopics.events(Topic.DEAD_LETTER.topicName(), DeadLetter.class).stream().map(Event::payload)
                .map(DeadLetter::sourceTopic)).noneMatch(origin -> origin.startsWith("upload/" + datasetId + "/"));
    }

    private static List<String> segmentKeys(String datasetId) {
        DatasetManifest v1 = manifest(datasetId, "v1");
        List<String> keys = v1.files().keySet().stream()
                .flatMap(split -> v1.segmentsOf(split).stream()).map(SplitFile::key).toList();
        assertThat(keys).isNotEmpty();
        return keys;
    }

    private Map<String, byte[]> objectsOf(String datasetId) {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (StoredObject object : store.list(layout.datasets(), datasetId + "/")) {
            objects.put(object.key(), store.getBytes(layout.datasets(), object.key()));
        }
        return objects;
    }

    private static List<String> concat(java.util.Set<String> keys, String extra) {
        List<String> all = new java.util.ArrayList<>(keys);
        all.add(extra);
        return all;
    }
}
