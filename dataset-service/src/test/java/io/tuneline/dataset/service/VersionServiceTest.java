package io.tuneline.dataset.service;

import io.tuneline.common.testing.RecordingPublisher;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.contracts.events.DatasetVersionCreated;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.config.DatasetConfig;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.testing.Datasets;
import io.tuneline.dataset.testing.InMemoryS3;
import io.tuneline.dataset.version.VersionAssembler;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.ObjectStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.tuneline.dataset.testing.StoredVersions.examples;
import static io.tuneline.dataset.testing.StoredVersions.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Versions cut through {@link VersionService} on an in-memory S3: numbering, what a failed commit leaves, the
 * split policy a dataset keeps, the cached state of the latest versions, and the announcement.
 */
class VersionServiceTest {

    private static final SplitPolicy CONFIGURED = SplitPolicy.ofRatios("tuneline", 0.8, 0.1, 0.1);

    @TempDir
    Path spoolRoot;

    private final StorageLayout layout = StorageLayout.defaults();
    private final InMemoryS3 s3 = InMemoryS3.withBuckets(layout.allBuckets());
    private final ObjectStore store = s3.objectStore();
    private final DatasetRepository repository = new DatasetRepository(store, layout);
    private final RecordingPublisher events = new RecordingPublisher("dataset-service");
    private final SplitSettings settings = new SplitSettings(CONFIGURED);
    private VersionService service;

    private VersionService service() {
        if (service == null) {
            service = new VersionService(store, layout, repository, settings, events.publisher(),
                    new SpoolDirectory(spoolRoot));
        }
        return service;
    }

    @Test
    void versionsAreNumberedFromOneEachOnItsParentWithChecksumsOfItsSegments() {
        DatasetManifest v1 = commit("chats", examples("a", 20));
        DatasetManifest v2 = commit("chats", examples("b", 30));
        DatasetManifest v3 = commit("chats", examples("c", 10));

        assertThat(List.of(v1, v2, v3)).extracting(DatasetManifest::versionId).containsExactly("v1", "v2", "v3");
        assertThat(List.of(v1, v2, v3)).extracting(DatasetManifest::parentVersionId)
                .containsExactly(null, "v1", "v2");
        assertThat(v3.totalExamples()).isEqualTo(60);
        assertThat(repository.versions("chats")).isEqualTo(List.of(v1, v2, v3));
        for (Split split : Split.values()) {
            SplitFile whole = v3.files().get(split.wireName());
            byte[] content = read(repository.openSplit(v3, split));
            assertThat(sha256(content)).as(split.wireName()).isEqualTo(whole.sha256());
            assertThat((long) content.length).isEqualTo(whole.bytes());
            assertThat(v3.counts().get(split.wireName())).isEqualTo(whole.examples());
            for (SplitFile segment : v3.segmentsOf(split.wireName())) {
                // A segment's checksum is of its JSON Lines, as readers see them, whether it is stored compressed.
                assertThat(sha256(Datasets.gunzip(store.getBytes(segment.bucket(), segment.key()))))
                        .isEqualTo(segment.sha256());
            }
        }
        // Each version stores only what it adds: v3 lists v1's and v2's segments unchanged.
        assertThat(v3.segmentsOf("train")).startsWith(v2.segmentsOf("train").toArray(SplitFile[]::new));
    }

    @Test
    void aCommitThatDiesBeforeItsManifestLeavesNoVersionAndNoStateBehind() {
        commit("chats", examples("a", 10));
        s3.failWritesOf(key -> key.endsWith("manifest.json"));
        try (VersionDraft draft = service().draft("chats")) {
            examples("lost", 10).forEach(draft::offer);
            assertThatThrownBy(() -> draft.commit("upload", "up-dies")).isInstanceOf(ObjectStoreException.class);
        }
        assertThat(s3.keys(layout.datasets())).anyMatch(key -> key.startsWith("chats/versions/v2/segments/"));
        assertThat(repository.versionIds("chats")).containsExactly("v1");
        s3.failWritesOf(key -> false);

        DatasetManifest v2;
        try (VersionDraft draft = service().draft("chats")) {
            // Had the failed draft's examples reached the cached state, they would count as duplicates here.
            assertThat(examples("lost", 10)).allMatch(example -> draft.offer(example).added());
            v2 = draft.commit("upload", "up-retry");
        }

        assertThat(v2.versionId()).isEqualTo("v2");
        assertThat(v2.parentVersionId()).isEqualTo("v1");
        assertThat(v2.totalExamples()).isEqualTo(20);
        assertThat(repository.versionIds("chats")).containsExactly("v1", "v2");
    }

    @Test
    void aDraftClosedWithoutACommitWritesNothingAndRemovesItsTemporaryFiles() throws IOException {
        commit("chats", examples("a", 5));
        List<String> before = s3.keys(layout.datasets());

        try (VersionDraft draft = service().draft("chats")) {
            examples("b", 5).forEach(draft::offer);
        }

        assertThat(s3.keys(layout.datasets())).isEqualTo(before);
        assertThat(filesUnder(spoolRoot)).isEmpty();
    }

    @Test
    void aDatasetKeepsThePolicyOfItsFirstVersionWhileNewDatasetsGetTheConfiguredOne() {
        commit("old", examples("a", 5));
        SplitPolicy changed = new SplitPolicy("another-seed", 5000, 2500);
        settings.policy = changed;

        DatasetManifest oldV2 = commit("old", examples("b", 5));
        DatasetManifest fresh = commit("fresh", examples("c", 5));

        assertThat(oldV2.splitPolicy()).isEqualTo(CONFIGURED);
        assertThat(fresh.splitPolicy()).isEqualTo(changed);
    }

    @Test
    void theLatestVersionsStateIsKeptSoTheNextDraftReadsNoParentSegment() {
        DatasetManifest v1 = commit("chats", examples("a", 50));
        s3.forgetReads();

        try (VersionDraft draft = service().draft("chats")) {
            assertThat(draft.offer(examples("a", 1).get(0)).added()).as("a copy of a v1 example").isFalse();
        }

        assertThat(segmentReads(v1)).isZero();
    }

    @Test
    void afterARestartTheParentIsReadOnceAndItsChecksumsVerified() {
        DatasetManifest v1 = commit("chats", examples("a", 50));
        service().forgetCachedStates();
        s3.forgetReads();

        DatasetManifest v2;
        try (VersionDraft draft = service().draft("chats")) {
            assertThat(draft.offer(examples("a", 1).get(0)).added()).as("a copy of a v1 example").isFalse();
            examples("b", 5).forEach(draft::offer);
            v2 = draft.commit("upload", "up-2");
        }

        assertThat(segmentReads(v1)).isEqualTo(v1.segmentsOf("train").size() + v1.segmentsOf("validation").size()
                + v1.segmentsOf("test").size());
        assertThat(v2.totalExamples()).isEqualTo(55);
        assertThat(v2.files().get("train").sha256()).isEqualTo(sha256(read(repository.openSplit(v2, Split.TRAIN))));
    }

    @Test
    void aDamagedParentSegmentStopsTheNextDraftAfterARestart() {
        DatasetManifest v1 = commit("chats", examples("a", 20));
        SplitFile train = v1.segmentsOf("train").get(0);
        String lines = new String(Datasets.gunzip(store.getBytes(train.bucket(), train.key())), StandardCharsets.UTF_8);
        String damaged = lines.replaceFirst("on its way", "on its way!");
        assertThat(damaged).isNotEqualTo(lines);
        store.put(train.bucket(), train.key(), Datasets.gzip(damaged.getBytes(StandardCharsets.UTF_8)));
        service().forgetCachedStates();

        assertThatThrownBy(() -> service().draft("chats")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(train.key()).hasMessageContaining("refusing to build on a damaged version");
        assertThat(repository.versionIds("chats")).containsExactly("v1");
    }

    @Test
    void aParentSegmentThatIsNotTheGzipItsNameSaysIsDamagedToo() {
        DatasetManifest v1 = commit("chats", examples("a", 20));
        SplitFile train = v1.segmentsOf("train").get(0);
        byte[] stored = store.getBytes(train.bucket(), train.key());
        store.put(train.bucket(), train.key(), Arrays.copyOf(stored, stored.length / 2));
        service().forgetCachedStates();

        assertThatThrownBy(() -> service().draft("chats")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(train.key()).hasMessageContaining("refusing to build on a damaged version");
        assertThat(repository.versionIds("chats")).containsExactly("v1");
    }

    @Test
    void onlyTheLatestFewDatasetsStayCachedTheEldestIsReadAgain() {
        DatasetManifest first = commit("first", examples("a", 20));
        for (String other : List.of("b", "c", "d")) {
            commit(other, examples(other, 2));
        }
        s3.forgetReads();
        draftAndClose("first");
        assertThat(segmentReads(first)).as("four datasets fit the cache").isZero();

        commit("e", examples("e", 2));
        commit("f", examples("f", 2));
        commit("g", examples("g", 2));
        commit("h", examples("h", 2));
        s3.forgetReads();
        draftAndClose("first");

        assertThat(segmentReads(first)).as("after four other datasets were written").isPositive();
    }

    @Test
    void theAnnouncementNamesTheManifestAndEverySplitKeyedByTheDataset() {
        DatasetManifest v1 = commit("chats", examples("a", 30));

        service().announce(v1);

        assertThat(events.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.topic()).isEqualTo(Topic.DATASET_VERSIONS.topicName());
            assertThat(sent.key()).isEqualTo("chats");
            assertThat(sent.event().source()).isEqualTo("dataset-service");
            assertThat(sent.event().payload()).isEqualTo(new DatasetVersionCreated("chats", "v1", null,
                    layout.datasetManifest("chats", "v1"),
                    Map.of("train", layout.datasetSplit("chats", "v1", "train"),
                            "validation", layout.datasetSplit("chats", "v1", "validation"),
                            "test", layout.datasetSplit("chats", "v1", "test")),
                    v1.counts(), "upload"));
        });
        ObjectRef manifest = ((DatasetVersionCreated) events.sent().get(0).event().payload()).manifest();
        assertThat(store.exists(manifest.bucket(), manifest.key())).isTrue();
    }

    private DatasetManifest commit(String datasetId, List<Example> examples) {
        try (VersionDraft draft = service().draft(datasetId)) {
            for (Example example : examples) {
                VersionAssembler.Offer offer = draft.offer(example);
                assertThat(offer.added()).as(example.id()).isTrue();
            }
            return draft.commit("upload", "up-" + datasetId);
        }
    }

    private void draftAndClose(String datasetId) {
        try (VersionDraft ignored = service().draft(datasetId)) {
            assertThat(ignored.parent()).isPresent();
        }
    }

    private int segmentReads(DatasetManifest manifest) {
        return Stream.of(Split.values()).flatMap(split -> manifest.segmentsOf(split.wireName()).stream())
                .mapToInt(segment -> s3.reads(segment.bucket(), segment.key())).sum();
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** The configuration VersionService reads: only the split defaults, changeable between drafts. */
    private static final class SplitSettings implements DatasetConfig {
        private SplitPolicy policy;

        SplitSettings(SplitPolicy policy) {
            this.policy = policy;
        }

        @Override
        public SplitDefaults split() {
            SplitPolicy current = policy;
            return new SplitDefaults() {
                @Override
                public SplitPolicy policy() {
                    return current;
                }

                @Override
                public String seed() {
                    return current.seed();
                }

                @Override
                public double train() {
                    return current.trainRatio();
                }

                @Override
                public double validation() {
                    return current.validationRatio();
                }

                @Override
                public double test() {
                    return current.testRatio();
                }
            };
        }

        @Override
        public Upload upload() {
            throw new UnsupportedOperationException("VersionService reads the split defaults only");
        }

        @Override
        public Validation validation() {
            throw new UnsupportedOperationException("VersionService reads the split defaults only");
        }

        @Override
        public DatasetConfig.Stream stream() {
            throw new UnsupportedOperationException("VersionService reads the split defaults only");
        }
    }
}
