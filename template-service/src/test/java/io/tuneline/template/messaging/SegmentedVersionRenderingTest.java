package io.tuneline.template.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.events.DatasetVersionCreated;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.testing.TestData;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dataset versions made of segments (as dataset-service writes them): a render reuses the prompts of segments an
 * earlier render made with the same settings, and versions that a later one supersedes are skipped.
 */
@QuarkusTest
class SegmentedVersionRenderingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Inject
    MeterRegistry metrics;

    @Test
    void aNewVersionRendersOnlyItsNewSegmentAndReusesTheParentsPrompts() throws Exception {
        String datasetId = "segmented-chats";
        ObjectNode first = segment(datasetId, "v1", chats("a-", 20));
        writeManifest(datasetId, "v1", List.of(first));
        double reusedBefore = segments("reused");
        double renderedBefore = segments("rendered");
        publish(datasetId, "v1", null);
        PromptsRendered v1 = awaitRendered(datasetId, "v1");

        // dataset-service stores segments gzip-compressed now; v1's plain one is what older versions have.
        ObjectNode second = compressedSegment(datasetId, "v2", chats("b-", 10));
        writeManifest(datasetId, "v2", List.of(first, second));
        publish(datasetId, "v2", "v1");
        PromptsRendered v2 = awaitRendered(datasetId, "v2");

        assertThat(segments("rendered") - renderedBefore).as("segments rendered").isEqualTo(2);
        assertThat(segments("reused") - reusedBefore).as("segments reused").isEqualTo(1);
        List<JsonNode> parentLines = TestData.readLines(store, v1.splits().get("train"));
        List<JsonNode> lines = TestData.readLines(store, v2.splits().get("train"));
        assertThat(v2.counts()).containsEntry("train", 30L);
        assertThat(lines.subList(0, 20)).isEqualTo(parentLines);
        assertThat(lines.subList(20, 30)).extracting(line -> line.get("exampleId").asText())
                .allMatch(id -> id.startsWith("b-"));
        JsonNode manifest = TestData.readJson(store, layout.promptsManifest(datasetId, "v2", v2.renderId()));
        assertThat(manifest.path("splits").path("train").path("examples").asLong()).isEqualTo(30);
        assertThat(manifest.path("splits").path("train").path("byTask").path("dialogue_summarization").asLong())
                .isEqualTo(30);
    }

    @Test
    void versionsThatALaterVersionSupersedesAreSkipped() throws Exception {
        String datasetId = "fast-chats";
        List<ObjectNode> segments = new ArrayList<>();
        for (int version = 1; version <= 3; version++) {
            segments.add(segment(datasetId, "v" + version, chats("v" + version + "-", 5)));
            writeManifest(datasetId, "v" + version, segments);
        }
        double skippedBefore = skipped(datasetId);
        publish(datasetId, "v1", null);
        publish(datasetId, "v2", "v1");
        publish(datasetId, "v3", "v2");

        PromptsRendered latest = awaitRendered(datasetId, "v3");

        assertThat(latest.counts()).containsEntry("train", 15L);
        assertThat(skipped(datasetId) - skippedBefore).isEqualTo(2);
        assertThat(TestData.events(Topic.PROMPTS_RENDERED.topicName(), PromptsRendered.class))
                .filteredOn(e -> e.datasetId().equals(datasetId)).extracting(PromptsRendered::versionId)
                .containsExactly("v3");
    }

    private List<Map<String, Object>> chats(String prefix, int count) {
        List<Map<String, Object>> chats = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chats.add(TestData.chat(prefix + i, i, 0));
        }
        return chats;
    }

    /** Stores a train segment the way dataset-service does and returns its manifest entry. */
    private ObjectNode segment(String datasetId, String versionId, List<Map<String, Object>> chats)
            throws Exception {
        ObjectRef ref = layout.datasetSegment(datasetId, versionId, "train");
        TestData.putLines(store, ref, chats);
        byte[] content = store.getBytes(ref.bucket(), ref.key());
        return TestData.JSON.createObjectNode().put("bucket", ref.bucket()).put("key", ref.key())
                .put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)))
                .put("bytes", content.length).put("examples", chats.size());
    }

    /** Like {@link #segment}, stored as {@code ….jsonl.gz}: the manifest entry describes the JSON Lines inside. */
    private ObjectNode compressedSegment(String datasetId, String versionId, List<Map<String, Object>> chats)
            throws Exception {
        ObjectNode entry = segment(datasetId, versionId, chats);
        ObjectRef plain = layout.datasetSegment(datasetId, versionId, "train");
        ObjectRef compressed = layout.datasetCompressedSegment(datasetId, versionId, "train");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(store.getBytes(plain.bucket(), plain.key()));
        }
        store.put(compressed.bucket(), compressed.key(), bytes.toByteArray());
        store.delete(plain.bucket(), plain.key());
        return entry.put("key", compressed.key());
    }

    private void writeManifest(String datasetId, String versionId, List<ObjectNode> trainSegments) {
        ObjectNode manifest = TestData.JSON.createObjectNode().put("datasetId", datasetId)
                .put("versionId", versionId);
        ArrayNode train = manifest.putObject("segments").putArray("train");
        trainSegments.forEach(train::add);
        ObjectRef ref = layout.datasetManifest(datasetId, versionId);
        store.put(ref.bucket(), ref.key(), manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void publish(String datasetId, String versionId, String parent) {
        TestData.publish(new DatasetVersionCreated(datasetId, versionId, parent,
                layout.datasetManifest(datasetId, versionId),
                Map.of("train", layout.datasetSplit(datasetId, versionId, "train")), Map.of(), "stream-count"));
    }

    private PromptsRendered awaitRendered(String datasetId, String versionId) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> TestData
                        .events(Topic.PROMPTS_RENDERED.topicName(), PromptsRendered.class).stream()
                        .filter(e -> e.datasetId().equals(datasetId) && e.versionId().equals(versionId)).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private double segments(String outcome) {
        return metrics.find("tuneline.template.segments").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private double skipped(String datasetId) {
        return metrics.find("tuneline.template.versions.skipped").tag("dataset", datasetId).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
