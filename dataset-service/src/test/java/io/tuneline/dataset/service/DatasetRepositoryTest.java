package io.tuneline.dataset.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.testing.InMemoryS3;
import io.tuneline.dataset.testing.StoredVersions;
import io.tuneline.storage.ObjectStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.tuneline.dataset.testing.StoredVersions.examples;
import static io.tuneline.dataset.testing.StoredVersions.jsonLines;
import static io.tuneline.dataset.testing.StoredVersions.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the service reads back from storage: which versions exist, their manifests, pages and whole splits. */
class DatasetRepositoryTest {

    private final StorageLayout layout = StorageLayout.defaults();
    private final InMemoryS3 s3 = InMemoryS3.withBuckets(layout.allBuckets());
    private final ObjectStore store = s3.objectStore();
    private final StoredVersions versions = new StoredVersions(store, layout);
    private final DatasetRepository repository = new DatasetRepository(store, layout);

    @Test
    void versionsAreListedInNumericOrderNotInKeyOrder() {
        for (int i = 0; i < 11; i++) {
            versions.add("chats", Map.of(Split.TRAIN, examples("c" + i + "_", 1)));
        }

        // In key order v10 and v11 would come between v1 and v2.
        assertThat(repository.versionIds("chats")).containsExactly("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8",
                "v9", "v10", "v11");
        assertThat(repository.latest("chats")).get().extracting(DatasetManifest::versionId).isEqualTo("v11");
        assertThat(repository.versions("chats")).extracting(DatasetManifest::sequence)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void aVersionWithoutItsManifestIsNeverListed() {
        versions.add("chats", Map.of(Split.TRAIN, examples("a", 3)));
        // A commit that died after its segments: objects under v2, no manifest.
        put(layout.datasetSegment("chats", "v2", "train"), "{\"id\": \"half\"}\n");
        put(layout.datasetSplit("chats", "v2", "test"), "{\"id\": \"half\"}\n");
        put(new ObjectRef(layout.datasets(), layout.datasetVersionPrefix("chats", "v3") + "manifest.json.part"), "{");
        // Neither a version nor a dataset: pending chats and upload reports of a dataset without versions.
        put(layout.datasetPendingExample("stream-only", "p1"), "{}");
        put(layout.uploadReport("refused-only", "up-1"), "{}");

        assertThat(repository.versionIds("chats")).containsExactly("v1");
        assertThat(repository.latest("chats")).get().extracting(DatasetManifest::versionId).isEqualTo("v1");
        assertThat(repository.datasetIds()).containsExactly("chats");
        assertThat(repository.versionIds("stream-only")).isEmpty();
        assertThat(repository.latest("stream-only")).isEmpty();
    }

    @Test
    void datasetsAreListedOnceAndSortedAndADatasetsPrefixIsNotAnotherDataset() {
        versions.add("support", Map.of(Split.TRAIN, examples("s", 1)));
        versions.add("support", Map.of(Split.TRAIN, examples("t", 1)));
        versions.add("support-v2", Map.of(Split.TEST, examples("u", 1)));
        versions.add("alpha", Map.of(Split.VALIDATION, examples("w", 1)));

        assertThat(repository.datasetIds()).containsExactly("alpha", "support", "support-v2");
        assertThat(repository.versionIds("support")).containsExactly("v1", "v2");
        assertThat(repository.versionIds("support-v2")).containsExactly("v1");
    }

    @Test
    void aMissingVersionIsA404AndADamagedManifestIsNotMistakenForOne() {
        versions.add("chats", Map.of(Split.TRAIN, examples("a", 1)));
        put(layout.datasetManifest("chats", "v2"), "{\"schemaVersion\": 1, \"sequence\": ");

        assertThatThrownBy(() -> repository.manifest("chats", "v9")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.toApiError().error()).isEqualTo("version-not-found");
        });
        assertThatThrownBy(() -> repository.manifest("chats", "v2")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("chats/versions/v2/manifest.json");
    }

    @Test
    void theManifestReadBackIsTheOneWritten() {
        versions.add("chats", Map.of(Split.TRAIN, examples("a", 2)));
        DatasetManifest written = versions.add("chats", Map.of(Split.TRAIN, examples("b", 3),
                Split.TEST, examples("c", 1)));

        DatasetManifest read = repository.manifest("chats", "v2");

        assertThat(read).isEqualTo(written);
        assertThat(read.segmentsOf("train")).hasSize(2);
        assertThat(read.files().get("train").examples()).isEqualTo(5);
    }

    @Test
    void pagesRunAcrossSegmentsInOrder() {
        List<Example> all = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            List<Example> added = examples("v" + v + "_", 3);
            all.addAll(added);
            versions.add("chats", Map.of(Split.TRAIN, added));
        }
        DatasetManifest latest = repository.latest("chats").orElseThrow();

        for (int offset = 0; offset <= 12; offset++) {
            for (int limit = 1; limit <= 5; limit++) {
                assertThat(repository.examples(latest, Split.TRAIN, offset, limit))
                        .as("offset %d limit %d", offset, limit)
                        .isEqualTo(all.subList(offset, Math.min(all.size(), offset + limit)));
            }
        }
        assertThat(repository.examples(latest, Split.TRAIN, 100, 10)).isEmpty();
        assertThat(repository.examples(latest, Split.VALIDATION, 0, 10)).isEmpty();
    }

    @Test
    void segmentsBeforeThePageAreSkippedUnreadAndThoseAfterItAreNotOpened() {
        for (int v = 0; v < 5; v++) {
            versions.add("chats", Map.of(Split.TRAIN, examples("v" + v + "_", 10)));
        }
        DatasetManifest latest = repository.latest("chats").orElseThrow();
        List<SplitFile> segments = latest.segmentsOf("train");
        s3.forgetReads();

        List<Example> page = repository.examples(latest, Split.TRAIN, 25, 10);

        assertThat(page).extracting(Example::id).containsExactly("v2_5", "v2_6", "v2_7", "v2_8", "v2_9",
                "v3_0", "v3_1", "v3_2", "v3_3", "v3_4");
        assertThat(segments).extracting(segment -> s3.reads(segment.bucket(), segment.key()))
                .containsExactly(0, 0, 1, 1, 0);
    }

    @Test
    void aManifestFromBeforeSegmentsIsReadFromItsWholeFiles() {
        List<Example> train = examples("old_", 4);
        DatasetManifest legacy = versions.addWholeFiles("chats", Map.of(Split.TRAIN, train));

        assertThat(legacy.segments()).isNull();
        assertThat(repository.examples(legacy, Split.TRAIN, 1, 2)).isEqualTo(train.subList(1, 3));
        assertThat(readAll(repository.openSplit(legacy, Split.TRAIN))).isEqualTo(jsonLines(train));
    }

    @Test
    void aSplitStreamsAsTheConcatenationOfItsSegmentsWithTheManifestsChecksum() {
        List<Example> all = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            List<Example> added = examples("v" + v + "_", v + 2);
            all.addAll(added);
            versions.add("chats", Map.of(Split.TEST, added));
        }
        DatasetManifest latest = repository.latest("chats").orElseThrow();

        byte[] split = readAll(repository.openSplit(latest, Split.TEST));

        assertThat(split).isEqualTo(jsonLines(all));
        assertThat(sha256(split)).isEqualTo(latest.files().get("test").sha256());
        assertThat((long) split.length).isEqualTo(latest.files().get("test").bytes());
        assertThat(readAll(repository.openSplit(latest, Split.TRAIN))).isEmpty();
    }

    @Test
    void aStoredLineThatIsNotUtf8FailsTheReadInsteadOfBecomingAReplacementCharacter() {
        DatasetManifest v1 = versions.add("chats", Map.of(Split.TRAIN, examples("a", 2)));
        SplitFile segment = v1.segmentsOf("train").get(0);
        byte[] content = store.getBytes(segment.bucket(), segment.key());
        String text = new String(content, StandardCharsets.UTF_8);
        int inInput = text.indexOf("where is order");
        content[inInput] = (byte) 0xFF;
        store.put(segment.bucket(), segment.key(), content);

        assertThatThrownBy(() -> repository.examples(v1, Split.TRAIN, 0, 10)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void anUploadReportIsServedAsStoredOrIsA404() throws IOException {
        put(layout.uploadReport("chats", "up-1"), "{\"status\": \"refused\"}");

        try (InputStream report = repository.uploadReport("chats", "up-1")) {
            assertThat(new String(report.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"status\": \"refused\"}");
        }
        assertThatThrownBy(() -> repository.uploadReport("chats", "up-2"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.toApiError().error()).isEqualTo("upload-not-found");
                });
    }

    @Test
    void versionIdsAreTheSequenceAfterAV() {
        assertThat(IntStream.of(1, 2, 10, 123).mapToObj(DatasetRepository::versionId))
                .containsExactly("v1", "v2", "v10", "v123");
    }

    private void put(ObjectRef ref, String content) {
        store.put(ref.bucket(), ref.key(), content.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
