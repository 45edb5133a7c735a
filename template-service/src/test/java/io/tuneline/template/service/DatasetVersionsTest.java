package io.tuneline.template.service;

import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading what dataset-service wrote (manifests, segments, split files) from the shared real S3 server. */
class DatasetVersionsTest {

    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);

    private final ObjectStore store = SharedObjectStore.store();
    private final DatasetVersions versions = new DatasetVersions(store, SharedObjectStore.DEFAULT_LAYOUT, TestData.SERVICE_JSON);
    private final String datasetId = SharedObjectStore.uniqueId("chats");

    private ObjectRef put(String key, String content) {
        ObjectRef ref = new ObjectRef(SharedObjectStore.DEFAULT_LAYOUT.datasets(), key);
        store.put(ref.bucket(), ref.key(), content.getBytes(StandardCharsets.UTF_8));
        return ref;
    }

    private void putManifest(String versionId, String json) {
        put(SharedObjectStore.DEFAULT_LAYOUT.datasetManifest(datasetId, versionId).key(), json);
    }

    private static String segmentJson(ObjectRef ref, String sha256, long examples) {
        return "{\"bucket\":\"" + ref.bucket() + "\",\"key\":\"" + ref.key() + "\",\"sha256\":\"" + sha256
                + "\",\"examples\":" + examples + "}";
    }

    private static List<String> lines(LineSource source) throws IOException {
        try (BufferedReader reader = source.open()) {
            return reader.lines().toList();
        }
    }

    @Test
    void readsTheSegmentsOfEachSplitFromTheManifestAndLeavesOutASplitWithAnUnusableSegment() {
        ObjectRef a = put(datasetId + "/segments/a.jsonl", "{}\n");
        putManifest("v1", "{\"segments\": {\"train\": [" + segmentJson(a, SHA_A, 1) + "], \"test\": ["
                + segmentJson(a, "not-a-digest", 1) + "]}}");

        Map<String, List<DatasetVersions.Segment>> segments = versions.segments(datasetId, "v1").orElseThrow();

        assertThat(segments).containsOnlyKeys("train");
        assertThat(segments.get("train")).containsExactly(new DatasetVersions.Segment(a, SHA_A, 1));
    }

    @Test
    void readsTheSegmentsOfAManifestAsDatasetServiceWritesIt() throws IOException {
        ObjectRef a = put(datasetId + "/versions/v1/segments/train.jsonl", "{}\n");
        ObjectRef b = put(datasetId + "/versions/v2/segments/train.jsonl", "{}\n");
        SplitFile whole = new SplitFile(a.bucket(), datasetId + "/versions/v2/train.jsonl", SHA_B, 6, 2);
        DatasetManifest manifest = new DatasetManifest(DatasetManifest.SCHEMA_VERSION, 1, datasetId, "v2", 2, "v1",
                Instant.parse("2026-12-05T21:21:24.931306740Z"), "upload", "up-1", new SplitPolicy("tuneline", 8000,
                1000), Map.of("train", 2L), Map.of("train", 1L), 2, Map.of("train", whole), Map.of(),
                Map.of("train", List.of(new SplitFile(a.bucket(), a.key(), SHA_A, 3, 1),
                        new SplitFile(b.bucket(), b.key(), SHA_B, 3, 1))));
        putManifest("v2", EventCodec.mapper().writeValueAsString(manifest));

        assertThat(versions.segments(datasetId, "v2").orElseThrow()).containsOnlyKeys("train")
                .containsEntry("train", List.of(new DatasetVersions.Segment(a, SHA_A, 1),
                        new DatasetVersions.Segment(b, SHA_B, 1)));
    }

    @Test
    void aVersionWithoutManifestOrWithoutSegmentsHasNone() {
        putManifest("v2", "{\"splits\": {}}");

        assertThat(versions.segments(datasetId, "v1")).isEmpty();
        assertThat(versions.segments(datasetId, "v2")).isEmpty();
    }

    @Test
    void aSplitMadeOfSegmentsReadsThemInOrderAsOneStream() throws IOException {
        ObjectRef a = put(datasetId + "/segments/a.jsonl", "a1\na2\n");
        ObjectRef b = put(datasetId + "/segments/b.jsonl", "b1\n");
        DatasetVersions.Segment first = new DatasetVersions.Segment(a, SHA_A, 2);
        DatasetVersions.Segment second = new DatasetVersions.Segment(b, SHA_B, 1);

        Map<String, LineSource> splits = versions.segmentedSplits(Map.of("train", List.of(first, second)));

        assertThat(lines(splits.get("train"))).containsExactly("a1", "a2", "b1");
        assertThat(lines(splits.get("train"))).as("a split can be read again").hasSize(3);
        try (BufferedReader reader = versions.segmentReader(second)) {
            assertThat(reader.lines()).containsExactly("b1");
        }
    }

    @Test
    void withoutAListTheStandardSplitFilesOfTheVersionAreFoundInOrder() throws IOException {
        put(SharedObjectStore.DEFAULT_LAYOUT.datasetSplit(datasetId, "v1", "test").key(), "t1\n");
        put(SharedObjectStore.DEFAULT_LAYOUT.datasetSplit(datasetId, "v1", "train").key(), "r1\nr2\n");

        Map<String, LineSource> splits = versions.splitFiles(datasetId, "v1", null);

        assertThat(splits.keySet()).containsExactly("train", "test");
        assertThat(lines(splits.get("train"))).containsExactly("r1", "r2");
    }

    @Test
    void aVersionWithoutSplitFilesIsNotFoundWithItsIds() {
        assertThatThrownBy(() -> versions.splitFiles(datasetId, "v9", null))
                .isInstanceOfSatisfying(DatasetVersionNotFoundException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DatasetVersionNotFoundException.VERSION_NOT_FOUND);
                    assertThat(e.details()).isEqualTo(Map.of("datasetId", datasetId, "versionId", "v9"));
                });
    }

    @Test
    void listedSplitFilesMustAllExistAndTheListMustNotBeEmpty() throws IOException {
        ObjectRef train = put(SharedObjectStore.DEFAULT_LAYOUT.datasetSplit(datasetId, "v1", "train").key(), "r1\n");
        Map<String, ObjectRef> listed = new LinkedHashMap<>();
        listed.put("train", train);

        assertThat(lines(versions.splitFiles(datasetId, "v1", listed).get("train"))).containsExactly("r1");

        listed.put("validation", SharedObjectStore.DEFAULT_LAYOUT.datasetSplit(datasetId, "v1", "validation"));
        assertThatThrownBy(() -> versions.splitFiles(datasetId, "v1", listed))
                .isInstanceOfSatisfying(DatasetVersionNotFoundException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DatasetVersionNotFoundException.SPLIT_NOT_FOUND);
                    assertThat(e.details()).isEqualTo(Map.of("split", "validation"));
                });
        assertThatThrownBy(() -> versions.splitFiles(datasetId, "v1", Map.of()))
                .isInstanceOfSatisfying(InvalidRenderException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidRenderException.NO_SPLITS));
    }
}
