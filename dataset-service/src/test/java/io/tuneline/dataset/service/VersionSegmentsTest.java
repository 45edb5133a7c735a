package io.tuneline.dataset.service;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.testing.Datasets;
import io.tuneline.dataset.validation.ContentHashing;
import io.tuneline.dataset.version.VersionAssembler;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions share data: each stores only the segment of examples it adds, and its manifest lists its parent's
 * segments plus that one. Built through the service on the real embedded S3, the way stream cuts build them.
 */
@QuarkusTest
class VersionSegmentsTest {

    private static final int CUTS = 100;
    private static final int CHATS_PER_CUT = 300;

    @Inject
    VersionService versions;

    @Inject
    DatasetLocks locks;

    @Inject
    DatasetRepository repository;

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void aHundredCutsOfThreeHundredChatsStoreLittleMoreThanTheChatsOnce() throws IOException {
        String datasetId = Datasets.newDatasetId();
        long chatBytesOnce = 0;
        DatasetManifest first = null;
        DatasetManifest last = null;
        for (int cut = 0; cut < CUTS; cut++) {
            int from = cut * CHATS_PER_CUT;
            List<Example> chats = java.util.stream.IntStream.range(from, from + CHATS_PER_CUT)
                    .mapToObj(VersionSegmentsTest::chat).toList();
            for (Example chat : chats) {
                chatBytesOnce += VersionAssembler.write(chat).length + 1;
            }
            last = locks.withLock(datasetId, () -> {
                try (VersionDraft draft = versions.draft(datasetId)) {
                    chats.forEach(draft::offer);
                    return draft.commit(StreamIngestService.TRIGGER_COUNT, Example.STREAM_SOURCE);
                }
            });
            if (first == null) {
                first = last;
            }
        }

        long stored = store.list(layout.datasets(), datasetId + "/").stream().mapToLong(StoredObject::size).sum();
        assertThat(last.totalExamples()).isEqualTo((long) CUTS * CHATS_PER_CUT);
        assertThat((double) stored / chatBytesOnce).as("%d bytes stored for %d bytes of chats", stored,
                chatBytesOnce).isLessThanOrEqualTo(1.2);

        // The last version lists every version's segment in order, and its split streams as one checked file.
        for (Split split : Split.values()) {
            List<SplitFile> segments = last.segmentsOf(split.wireName());
            assertThat(segments).hasSize(CUTS);
            assertThat(segments.get(0).key()).isEqualTo(layout.datasetCompressedSegment(datasetId, "v1", split.wireName())
                    .key());
            SplitFile whole = last.files().get(split.wireName());
            try (InputStream in = repository.openSplit(last, split)) {
                byte[] content = in.readAllBytes();
                assertThat(HexFormat.of().formatHex(ContentHashing.newSha256().digest(content)))
                        .isEqualTo(whole.sha256());
                assertThat((long) content.length).isEqualTo(whole.bytes());
            }
        }
        // The first version's examples keep their split, and a page across segment boundaries reads in order.
        Map<String, Split> firstSplits = splitsById(first);
        Map<String, Split> lastSplits = splitsById(last);
        assertThat(lastSplits).hasSize(CUTS * CHATS_PER_CUT).containsAllEntriesOf(firstSplits);
        long firstTrain = first.counts().get("train");
        List<Example> page = repository.examples(last, Split.TRAIN, firstTrain - 2, 4);
        assertThat(page).extracting(Example::id).containsExactlyElementsOf(Datasets.examples(
                Datasets.splitBytes(store, last, "train")).subList((int) firstTrain - 2, (int) firstTrain + 2)
                .stream().map(Example::id).toList());
    }

    private Map<String, Split> splitsById(DatasetManifest manifest) {
        Map<String, Split> splits = new HashMap<>();
        for (Split split : Split.values()) {
            Datasets.examples(Datasets.splitBytes(store, manifest, split.wireName()))
                    .forEach(example -> splits.put(example.id(), split));
        }
        return splits;
    }

    /** About the size of a support chat in the load test (~560 bytes as a stored line). */
    private static Example chat(int n) {
        String input = "#Person1#: Hi, my order " + n + " has not arrived and the tracking page shows no update "
                + "since Monday.\n#Person2#: I am sorry to hear that. Let me look up order " + n + " for you.\n"
                + "#Person1#: Thank you, I need it before the weekend.\n#Person2#: The parcel is at the local "
                + "depot; I will ask for delivery tomorrow morning.";
        String output = "The customer's order " + n + " is late; the agent arranges delivery for tomorrow.";
        return new Example("chat-" + n, input, output, null, "delivery", null, Example.STREAM_SOURCE,
                ContentHashing.contentHash(input, output));
    }
}
