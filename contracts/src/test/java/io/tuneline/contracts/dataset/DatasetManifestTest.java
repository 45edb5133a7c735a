package io.tuneline.contracts.dataset;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.contracts.events.EventCodec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset records on the wire and in storage. The JSON under {@code src/test/resources/dataset} was written by
 * dataset-service before these records moved into contracts (two uploads of synthetic rows: the stored
 * {@code manifest.json} of v2, and the answers of {@code GET /api/v1/datasets/{id}/versions} and {@code GET
 * /api/v1/datasets/{id}}); manifests already in object storage must keep reading, and writing them back must not
 * change a byte.
 */
class DatasetManifestTest {

    private static final ObjectMapper JSON = EventCodec.mapper();
    private static final SplitFile WHOLE = new SplitFile("b", "d/versions/v1/train.jsonl", "sha", 10, 1);
    private static final SplitFile SEGMENT_1 = new SplitFile("b", "d/versions/v1/segments/train.jsonl", "s1", 5, 1);
    private static final SplitFile SEGMENT_2 = new SplitFile("b", "d/versions/v2/segments/train.jsonl", "s2", 5, 1);

    @Test
    void aStoredManifestParsesIntoTheRecordAndIsWrittenBackByteForByte() throws IOException {
        String stored = resource("manifest-v2.json");

        DatasetManifest manifest = JSON.readValue(stored, DatasetManifest.class);

        assertThat(manifest.schemaVersion()).isEqualTo(DatasetManifest.SCHEMA_VERSION);
        assertThat(manifest.versionId()).isEqualTo("v2");
        assertThat(manifest.parentVersionId()).isEqualTo("v1");
        assertThat(manifest.sequence()).isEqualTo(2);
        assertThat(manifest.createdAt()).isEqualTo(Instant.parse("2026-12-05T21:21:24.931306740Z"));
        assertThat(manifest.splitPolicy()).isEqualTo(new SplitPolicy("tuneline", 8000, 1000));
        assertThat(manifest.counts()).containsExactly(Map.entry("train", 40L), Map.entry("validation", 14L),
                Map.entry("test", 6L));
        assertThat(manifest.totalExamples()).isEqualTo(60);
        assertThat(manifest.files().get("train").bytes()).isEqualTo(14711);
        assertThat(manifest.statistics().get("train").inputChars()).isEqualTo(new TextStatistics(125, 126.7, 127,
                127, 127));
        assertThat(manifest.segmentsOf("train")).hasSize(2).allSatisfy(segment ->
                assertThat(segment.key()).endsWith("/segments/train.jsonl.gz"));
        assertThat(manifest.segmentsOf("train").stream().mapToLong(SplitFile::examples).sum())
                .isEqualTo(manifest.counts().get("train"));

        assertThat(JSON.writeValueAsString(manifest)).isEqualTo(stored);
    }

    @Test
    void theListedVersionsAndTheDatasetAnswerReadAndWriteBackUnchanged() throws IOException {
        String listed = resource("versions.json");
        String dataset = resource("dataset.json");

        List<VersionSummary> versions = JSON.readValue(listed, new TypeReference<>() { });
        DatasetSummary summary = JSON.readValue(dataset, DatasetSummary.class);

        assertThat(versions).extracting(VersionSummary::versionId).containsExactly("v1", "v2");
        assertThat(versions.get(1).totalExamples()).isEqualTo(60);
        assertThat(versions.get(1).added()).containsEntry("train", 15L);
        assertThat(summary.latestVersionId()).isEqualTo("v2");
        assertThat(summary.versions()).isEqualTo(2);
        assertThat(summary.totalExamples()).isEqualTo(60);
        assertThat(JSON.writeValueAsString(versions)).isEqualTo(listed);
        assertThat(JSON.writeValueAsString(summary)).isEqualTo(dataset);
    }

    @Test
    void aVersionIsListedWithWhatItsManifestSays() throws IOException {
        DatasetManifest manifest = JSON.readValue(resource("manifest-v2.json"), DatasetManifest.class);
        List<VersionSummary> listed = JSON.readValue(resource("versions.json"), new TypeReference<>() { });

        assertThat(VersionSummary.of(manifest)).isEqualTo(listed.get(1));
    }

    @Test
    void aManifestFromBeforeSegmentsStillReadsAndEachSplitIsItsWholeFile() throws IOException {
        // The same manifest as written before versions shared segments: no "segments" field at all.
        ObjectNode old = (ObjectNode) JSON.readTree(resource("manifest-v2.json"));
        old.remove("segments");

        DatasetManifest manifest = JSON.treeToValue(old, DatasetManifest.class);

        assertThat(manifest.segments()).isNull();
        assertThat(manifest.segmentsOf("train")).containsExactly(manifest.files().get("train"));
    }

    @Test
    void derivedValuesAreNotWrittenToTheWire() throws IOException {
        ObjectNode policy = (ObjectNode) JSON.readTree(JSON.writeValueAsString(SplitPolicy.ofRatios("s", 0.8, 0.1,
                0.1)));

        assertThat(policy.properties()).extracting(Map.Entry::getKey)
                .containsExactly("seed", "trainBasisPoints", "validationBasisPoints");
        assertThat(JSON.readTree(JSON.writeValueAsString(manifest(Map.of("train", WHOLE), null))).has("segmentsOf"))
                .isFalse();
    }

    @Test
    void aManifestWithSegmentsListsThemInOrderAndNeverItsWholeFile() {
        DatasetManifest manifest = manifest(Map.of("train", WHOLE),
                Map.of("train", List.of(SEGMENT_1, SEGMENT_2), "test", List.of()));

        assertThat(manifest.segmentsOf("train")).containsExactly(SEGMENT_1, SEGMENT_2);
        assertThat(manifest.segmentsOf("test")).isEmpty();
        assertThat(manifest.segmentsOf("validation")).isEmpty();
    }

    @Test
    void aManifestFromBeforeSegmentsIsOneSegmentPerSplitFile() {
        DatasetManifest manifest = manifest(Map.of("train", WHOLE), null);

        assertThat(manifest.segmentsOf("train")).containsExactly(WHOLE);
        assertThat(manifest.segmentsOf("test")).isEmpty();
        assertThat(manifest(null, null).segmentsOf("train")).isEmpty();
    }

    private static DatasetManifest manifest(Map<String, SplitFile> files, Map<String, List<SplitFile>> segments) {
        return new DatasetManifest(1, 1, "d", "v2", 2, "v1", null, "upload", "up-1", null, Map.of(), Map.of(), 1,
                files, Map.of(), segments);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DatasetManifestTest.class.getResourceAsStream("/dataset/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
