package io.tuneline.template.service;

import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.PromptLine;
import io.tuneline.template.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Renders' manifests, split files and reused segments in the prompts bucket of the shared real S3 server. */
class RenderStoreTest {

    private final RenderStore renders = new RenderStore(SharedObjectStore.store(), SharedObjectStore.DEFAULT_LAYOUT, TestData.SERVICE_JSON);
    private final String datasetId = SharedObjectStore.uniqueId("chats");

    @TempDir
    Path dir;

    private RenderManifest manifest(String renderId, Instant createdAt, Map<String, SplitSummary> splits) {
        return new RenderManifest(renderId, datasetId, "v1", null, "test", 42, 512, "tokenizer.json", createdAt,
                List.of(), splits, splits.values().stream().mapToLong(SplitSummary::examples).sum(), 0, 0, null);
    }

    private static SplitSummary summary(ObjectRef file, long examples) {
        return new SplitSummary(file, examples, 0, 0, Map.of(), Map.of("t", examples), Map.of(), Map.of());
    }

    /** A split file of {@code count} prompt lines, stored with its manifest. */
    private RenderManifest storeRender(String renderId, int count) throws IOException {
        ObjectRef file = renders.splitFile(datasetId, "v1", renderId, "train");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(TestData.SERVICE_JSON.writeValueAsString(new PromptLine("p" + i, "c" + i, "t", "x", "e" + i)))
                    .append('\n');
        }
        renders.putSplit(file, Files.writeString(dir.resolve(renderId + ".jsonl"), text));
        RenderManifest manifest = manifest(renderId, Instant.parse("2026-01-01T00:00:00Z"),
                Map.of("train", summary(file, count)));
        renders.putManifest(manifest);
        return manifest;
    }

    @Test
    void aWrittenManifestReadsBackAndAMissingOneIsNotFound() throws IOException {
        RenderManifest written = storeRender("r-one", 2);

        assertThat(renders.manifest(datasetId, "v1", "r-one")).contains(written);
        assertThat(renders.requireManifest(datasetId, "v1", "r-one")).isEqualTo(written);
        assertThat(renders.manifest(datasetId, "v1", "r-other")).isEmpty();
        assertThatThrownBy(() -> renders.requireManifest(datasetId, "v1", "r-other"))
                .isInstanceOf(RenderNotFoundException.class).hasMessageContaining("r-other");
    }

    @Test
    void listsTheRendersOfAVersionNewestFirstAndNothingBelowThem() {
        // Written in id order oldest first, so only sorting by time puts the newest first.
        renders.putManifest(manifest("r-a-old", Instant.parse("2026-01-01T00:00:00Z"), Map.of()));
        renders.putManifest(manifest("r-b-new", Instant.parse("2026-02-01T00:00:00Z"), Map.of()));
        ObjectRef nested = new ObjectRef(SharedObjectStore.DEFAULT_LAYOUT.prompts(), datasetId + "/v1/r-b-new/extra/manifest.json");
        SharedObjectStore.store().put(nested.bucket(), nested.key(), "{}".getBytes());

        assertThat(renders.list(datasetId, "v1")).extracting(RenderManifest::renderId)
                .containsExactly("r-b-new", "r-a-old");
        assertThat(renders.list(datasetId, "v2")).isEmpty();
    }

    @Test
    void pagesThroughASplitsPromptLines() throws IOException {
        storeRender("r-paged", 5);

        RenderStore.PromptPage first = renders.prompts(datasetId, "v1", "r-paged", "train", 0, 2);
        RenderStore.PromptPage last = renders.prompts(datasetId, "v1", "r-paged", "train", 4, 2);
        RenderStore.PromptPage beyond = renders.prompts(datasetId, "v1", "r-paged", "train", 10, 2);

        assertThat(first.items()).extracting(PromptLine::exampleId).containsExactly("e0", "e1");
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.nextOffset()).isEqualTo(2);
        assertThat(last.items()).extracting(PromptLine::exampleId).containsExactly("e4");
        assertThat(last.nextOffset()).isNull();
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.nextOffset()).isNull();
        assertThatThrownBy(() -> renders.prompts(datasetId, "v1", "r-paged", "test", 0, 2))
                .isInstanceOf(RenderNotFoundException.class).hasMessageContaining("[train]");
    }

    @Test
    void aSegmentCountsAsRenderedOnlyOnceItsCountsAreStored() throws IOException {
        ObjectRef prompts = SharedObjectStore.DEFAULT_LAYOUT.promptsSegment(datasetId, "s-key", "abc-1");
        ObjectRef counts = SharedObjectStore.DEFAULT_LAYOUT.promptsSegmentSummary(datasetId, "s-key", "abc-1");
        assertThat(renders.segmentSummary(counts)).isEmpty();

        SplitSummary summary = summary(prompts, 1);
        renders.putSegment(prompts, Files.writeString(dir.resolve("segment.jsonl"), "{\"prompt\":\"p\"}\n"), counts,
                summary);

        assertThat(renders.segmentSummary(counts)).contains(summary);
        try (var in = renders.open(prompts)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("{\"prompt\":\"p\"}\n");
        }
    }
}
