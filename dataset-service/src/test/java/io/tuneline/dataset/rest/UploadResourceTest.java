package io.tuneline.dataset.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.contracts.events.DatasetVersionCreated;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.split.SplitAssigner;
import io.tuneline.dataset.testing.KafkaTopics;
import io.tuneline.dataset.validation.ContentHashing;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.tuneline.dataset.testing.Datasets.splitBytes;
import static io.restassured.RestAssured.given;
import static io.tuneline.dataset.testing.Datasets.examples;
import static io.tuneline.dataset.testing.Datasets.manifest;
import static io.tuneline.dataset.testing.Datasets.newDatasetId;
import static io.tuneline.dataset.testing.DialogSumRows.csv;
import static io.tuneline.dataset.testing.DialogSumRows.dialogue;
import static io.tuneline.dataset.testing.DialogSumRows.json;
import static io.tuneline.dataset.testing.DialogSumRows.line;
import static io.tuneline.dataset.testing.DialogSumRows.lines;
import static io.tuneline.dataset.testing.DialogSumRows.summary;
import static io.tuneline.dataset.testing.DialogSumRows.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Uploads through the real HTTP endpoint into the real S3 server, with events on the real Kafka broker. */
@QuarkusTest
class UploadResourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void anUploadWithGoodAndBadRowsStoresTheGoodOnesAndReportsAndDeadLettersTheBadOnes() {
        String datasetId = newDatasetId();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, line("train_1", 1) + "\n");                                                         // 1 ok
        write(body, line("train_2", 2) + "\n");                                                         // 2 ok
        write(body, json(Map.of("fname", "train_3", "dialogue", dialogue(3), "summary", " \t ")) + "\n");  // 3 empty
        write(body, "{\"fname\": \"train_4\", \"dialogue\": \n");                                       // 4 broken
        byte[] notUtf8 = "{\"fname\":\"train_5\",\"dialogue\":\"caf\u00e9 \",\"summary\":\"x\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        body.writeBytes(notUtf8);                                                                         // 5 bad bytes
        write(body, "\n" + json(Map.of("fname", "train_6", "dialogue", "x".repeat(2001), "summary", "s")) + "\n"); // 6
        write(body, line("train_1", 1) + "\n");                                                         // 7 same
        write(body, json(Map.of("fname", "copy_of_2", "dialogue", dialogue(2).toUpperCase().replace(" ", "   "),
                "summary", summary(2))) + "\n");                                                        // 8 normalized
        write(body, json(Map.of("fname", "train_9", "summary", "s")) + "\n");                           // 9 missing
        write(body, lines("train_", 10, 40));                                                           // 10..39 ok

        JsonPath report = given().contentType("application/x-ndjson").body(body.toByteArray())
                .queryParam("format", "dialogsum")
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/datasets/" + datasetId + "/versions/v1"))
                .extract().jsonPath();

        String uploadId = report.getString("uploadId");
        assertThat(report.getString("status")).isEqualTo("version-created");
        assertThat(report.getString("versionId")).isEqualTo("v1");
        assertThat(report.getLong("rowsRead")).isEqualTo(39);
        assertThat(report.getLong("accepted")).isEqualTo(32);
        assertThat(report.getLong("rejected")).isEqualTo(7);
        assertThat(report.getMap("rejectedByCode", String.class, Integer.class)).containsExactlyInAnyOrderEntriesOf(
                Map.of("empty-field", 1, "malformed-row", 1, "invalid-utf8", 1, "too-long", 1, "duplicate", 1,
                        "normalized-duplicate", 1, "missing-field", 1));
        Map<Integer, String> codeByRow = Map.of(3, "empty-field", 4, "malformed-row", 5, "invalid-utf8",
                6, "too-long", 7, "duplicate", 8, "normalized-duplicate", 9, "missing-field");
        List<Map<String, Object>> inline = report.getList("rejections");
        assertThat(inline).extracting(r -> (Integer) r.get("row"), r -> (String) r.get("code"))
                .containsExactlyElementsOf(codeByRow.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> tuple(e.getKey(), e.getValue())).toList());
        assertThat(report.getString("mapping.input")).isEqualTo("dialogue");
        assertThat(report.getString("mapping.id")).isEqualTo("fname");

        // The stored report lists every rejection (and never the rows' text).
        given().get("/api/v1/datasets/{datasetId}/uploads/{uploadId}", datasetId, uploadId)
                .then().statusCode(200)
                .body("rejected", equalTo(7))
                .body("rejections.size()", equalTo(7))
                .body("rejections[1].reason", startsWith("not JSON at column"))
                .body("rejections[0].payload", nullValue());

        // The version: split files whose checksums, counts and split assignment match the manifest.
        DatasetManifest manifest = manifest(datasetId, "v1");
        assertThat(manifest.parentVersionId()).isNull();
        assertThat(manifest.trigger()).isEqualTo("upload");
        assertThat(manifest.source()).isEqualTo(uploadId);
        assertThat(manifest.totalExamples()).isEqualTo(32);
        assertThat(manifest.schemaVersion()).isEqualTo(1);
        assertThat(manifest.exampleSchemaVersion()).isEqualTo(Example.SCHEMA_VERSION);
        assertThat(manifest.splitPolicy()).isEqualTo(SplitPolicy.ofRatios("tuneline", 0.8, 0.1, 0.1));
        Map<String, Split> splitOfId = new HashMap<>();
        for (Split split : Split.values()) {
            SplitFile file = manifest.files().get(split.wireName());
            assertThat(file.key()).isEqualTo(datasetId + "/versions/v1/" + split.wireName() + ".jsonl");
            byte[] content = splitBytes(store, manifest, split.wireName());
            assertThat(HexFormat.of().formatHex(ContentHashing.newSha256().digest(content))).isEqualTo(file.sha256());
            assertThat((long) content.length).isEqualTo(file.bytes());
            List<Example> examples = examples(content);
            assertThat((long) examples.size()).isEqualTo(manifest.counts().get(split.wireName()))
                    .isEqualTo(file.examples());
            for (Example example : examples) {
                assertThat(new SplitAssigner(manifest.splitPolicy()).assign(example)).isEqualTo(split);
                assertThat(example.source()).isEqualTo(uploadId);
                assertThat(example.topic()).isEqualTo("delivery");
                assertThat(example.contentHash()).isEqualTo(ContentHashing.contentHash(example.input(), example.output()));
                splitOfId.put(example.id(), split);
            }
        }
        assertThat(splitOfId.keySet()).hasSize(32).contains("train_1", "train_2", "train_39")
                .doesNotContain("train_3", "train_6", "copy_of_2");
        assertThat(manifest.statistics().get("train").inputTokens().max()).isGreaterThan(10);
        assertThat(manifest.statistics().get("train").outputChars().p50()).isGreaterThan(40);

        // Each rejected row is a dead letter, with its row number as offset and its original text as payload.
        String origin = "upload/" + datasetId + "/" + uploadId;
        List<DeadLetter> deadLetters = await().atMost(PATIENCE).until(() -> KafkaTopics
                .events(Topic.DEAD_LETTER.topicName(), DeadLetter.class).stream().map(Event::payload)
                .filter(letter -> origin.equals(letter.sourceTopic())).toList(), found -> found.size() == 7);
        assertThat(deadLetters.stream().collect(Collectors.toMap(d -> (int) d.offset(), DeadLetter::errorCode)))
                .isEqualTo(codeByRow);
        DeadLetter badBytes = deadLetters.stream().filter(d -> d.offset() == 5).findFirst().orElseThrow();
        assertThat(Base64.getDecoder().decode(badBytes.payload())).isEqualTo(notUtf8);
        assertThat(badBytes.service()).isEqualTo("dataset-service");
        DeadLetter normalized = deadLetters.stream().filter(d -> d.offset() == 8).findFirst().orElseThrow();
        assertThat(normalized.originalKey()).isEqualTo("copy_of_2");
        assertThat(normalized.payload()).contains("copy_of_2");

        // And the new version is announced.
        DatasetVersionCreated announced = awaitVersionEvent(datasetId, "v1");
        assertThat(announced.trigger()).isEqualTo("upload");
        assertThat(announced.manifest()).isEqualTo(layout.datasetManifest(datasetId, "v1"));
        assertThat(announced.splits().get("test")).isEqualTo(layout.datasetSplit(datasetId, "v1", "test"));
        assertThat(announced.counts()).isEqualTo(manifest.counts());
    }

    @Test
    void aLaterUploadGrowsTheDatasetWithoutMovingAnyExampleOrStoringCopies() {
        String datasetId = newDatasetId();
        given().contentType("application/x-ndjson").body(utf8(lines("train_", 0, 60)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(201);
        DatasetManifest first = manifest(datasetId, "v1");

        // The common CSV export: new rows, one copy of a v1 row (same id), one normalized copy under a new id.
        StringBuilder csvBody = new StringBuilder("id,dialogue,summary,topic\r\n");
        for (int n = 60; n < 100; n++) {
            csvBody.append("train_").append(n).append(',').append(csv(dialogue(n))).append(',')
                    .append(csv(summary(n))).append(",delivery\r\n");
        }
        csvBody.append("train_5,").append(csv(dialogue(5))).append(',').append(csv(summary(5))).append(",delivery\r\n");
        csvBody.append("other_7,").append(csv("  " + dialogue(7).toLowerCase())).append(',')
                .append(csv(summary(7))).append(",\r\n");
        JsonPath second = given().contentType("text/csv").body(utf8(csvBody.toString()))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(201).extract().jsonPath();

        assertThat(second.getString("versionId")).isEqualTo("v2");
        assertThat(second.getString("parentVersionId")).isEqualTo("v1");
        assertThat(second.getLong("accepted")).isEqualTo(40);
        assertThat(second.getMap("rejectedByCode", String.class, Integer.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of("duplicate", 1, "normalized-duplicate", 1));
        DatasetManifest grown = manifest(datasetId, "v2");
        assertThat(grown.parentVersionId()).isEqualTo("v1");
        assertThat(grown.sequence()).isEqualTo(2);
        assertThat(grown.totalExamples()).isEqualTo(100);
        assertThat(grown.added().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
        assertThat(grown.splitPolicy()).isEqualTo(first.splitPolicy());

        Map<String, Split> before = splitOfId(first);
        Map<String, Split> after = splitOfId(grown);
        assertThat(after).hasSize(100).containsAllEntriesOf(before);
        // v1 is immutable: its files still match its manifest.
        for (Map.Entry<String, SplitFile> split : first.files().entrySet()) {
            SplitFile file = split.getValue();
            byte[] content = splitBytes(store, first, split.getKey());
            assertThat(HexFormat.of().formatHex(ContentHashing.newSha256().digest(content))).isEqualTo(file.sha256());
        }
        awaitVersionEvent(datasetId, "v2");
    }

    @Test
    void dialogSumTestRowsKeepTheirExtraReferencesAndMappingCanBeGivenPerUpload() {
        String datasetId = newDatasetId();
        String testRows = json(Map.of("fname", "test_1", "dialogue", dialogue(1), "summary1", summary(1),
                "summary2", "Order 1 is late.", "summary3", "A customer asks about order 1.", "topic1", "delivery"))
                + "\n";
        given().contentType("application/x-ndjson").body(utf8(testRows)).queryParam("format", "dialogsum")
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(201);
        Example example = onlyExample(manifest(datasetId, "v1"));
        assertThat(example.output()).isEqualTo(summary(1));
        assertThat(example.references()).containsExactly(summary(1), "Order 1 is late.",
                "A customer asks about order 1.");

        String instructions = json(Map.of("ticket", "T-9", "question", "Reset my password", "answer",
                "Use the reset link.", "customer", "acme")) + "\n";
        given().contentType("application/octet-stream").body(utf8(instructions))
                .queryParam("format", "jsonl").queryParam("map.id", "ticket").queryParam("map.input", "question")
                .queryParam("map.output", "answer").queryParam("map.group", "customer")
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId + "-mapped").then().statusCode(201);
        Example mapped = onlyExample(manifest(datasetId + "-mapped", "v1"));
        assertThat(mapped).isEqualTo(new Example("T-9", "Reset my password", "Use the reset link.", null, null,
                "acme", mapped.source(), ContentHashing.contentHash("Reset my password", "Use the reset link.")));

        given().contentType("application/x-ndjson").body(utf8(instructions)).queryParam("map.answer", "x")
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(400).body("error", equalTo("unknown-mapping"));
    }

    @Test
    void anUploadWhereEveryRowIsRejectedCreatesNoVersion() {
        String datasetId = newDatasetId();
        given().contentType("application/x-ndjson").body(utf8(lines("train_", 0, 3)))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId).then().statusCode(201);

        given().contentType("application/x-ndjson").body(utf8(lines("train_", 0, 3) + "{\"input\":\"\",\"output\":\"x\"}\n"))
                .post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                .then().statusCode(200)
                .body("status", equalTo("no-new-examples"))
                .body("versionId", nullValue())
                .body("rejected", equalTo(4));
        given().get("/api/v1/datasets/{datasetId}/versions", datasetId)
                .then().statusCode(200).body("size()", equalTo(1));
    }

    @Test
    void concurrentUploadsToOneDatasetBecomeConsecutiveVersions() throws Exception {
        String datasetId = newDatasetId();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = clients.submit(() -> given().contentType("application/x-ndjson")
                    .body(utf8(lines("left_", 0, 300))).post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                    .statusCode());
            Future<Integer> second = clients.submit(() -> given().contentType("application/x-ndjson")
                    .body(utf8(lines("right_", 300, 600))).post("/api/v1/datasets/{datasetId}/uploads", datasetId)
                    .statusCode());
            assertThat(List.of(first.get(), second.get())).containsOnly(201);
        } finally {
            clients.shutdown();
        }

        given().get("/api/v1/datasets/{datasetId}/versions", datasetId).then().statusCode(200)
                .body("versionId", equalTo(List.of("v1", "v2")))
                .body("totalExamples[1]", equalTo(600));
    }

    private DatasetVersionCreated awaitVersionEvent(String datasetId, String versionId) {
        return await().atMost(PATIENCE).until(() -> KafkaTopics
                        .events(Topic.DATASET_VERSIONS.topicName(), DatasetVersionCreated.class).stream()
                        .map(Event::payload)
                        .filter(e -> e.datasetId().equals(datasetId) && e.versionId().equals(versionId)).toList(),
                found -> found.size() == 1).get(0);
    }

    private Example onlyExample(DatasetManifest manifest) {
        List<Example> all = splitOfIdExamples(manifest);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private List<Example> splitOfIdExamples(DatasetManifest manifest) {
        return manifest.files().keySet().stream()
                .flatMap(split -> examples(splitBytes(store, manifest, split)).stream()).toList();
    }

    private Map<String, Split> splitOfId(DatasetManifest manifest) {
        Map<String, Split> splits = new HashMap<>();
        for (Split split : Split.values()) {
            examples(splitBytes(store, manifest, split.wireName())).forEach(e -> splits.put(e.id(), split));
        }
        return splits;
    }

    private static void write(ByteArrayOutputStream body, String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
