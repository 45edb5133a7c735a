package io.tuneline.dataset.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.validation.ContentHashing;
import io.tuneline.dataset.version.VersionAssembler;
import io.tuneline.storage.ObjectStore;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes dataset versions straight into a store, laid out as dataset-service lays them out (segments, then the
 * manifest), so that readers can be tested without the code that cuts versions. Every version of a dataset extends
 * the previous one written through the same instance.
 */
public final class StoredVersions {

    public static final SplitPolicy POLICY = SplitPolicy.ofRatios("tuneline", 0.8, 0.1, 0.1);

    private final ObjectStore store;
    private final StorageLayout layout;
    private final Map<String, DatasetManifest> latest = new HashMap<>();

    public StoredVersions(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** The next version of the dataset: its parent's segments plus one new segment per split that gets examples. */
    public DatasetManifest add(String datasetId, Map<Split, List<Example>> added) {
        DatasetManifest parent = latest.get(datasetId);
        long sequence = parent == null ? 1 : parent.sequence() + 1;
        String versionId = "v" + sequence;
        Map<String, List<SplitFile>> segments = new LinkedHashMap<>();
        Map<String, SplitFile> files = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            List<SplitFile> splitSegments = new ArrayList<>(parent == null ? List.of()
                    : parent.segmentsOf(split.wireName()));
            List<Example> examples = added.getOrDefault(split, List.of());
            if (!examples.isEmpty()) {
                ObjectRef ref = layout.datasetSegment(datasetId, versionId, split.wireName());
                splitSegments.add(put(ref, examples));
            }
            segments.put(split.wireName(), List.copyOf(splitSegments));
            files.put(split.wireName(), whole(layout.datasetSplit(datasetId, versionId, split.wireName()),
                    splitSegments));
        }
        DatasetManifest manifest = manifest(datasetId, versionId, sequence, parent, added, files, segments);
        latest.put(datasetId, manifest);
        return manifest;
    }

    /** A version as written before segments: whole split files under {@code files.*.key}, no segment list. */
    public DatasetManifest addWholeFiles(String datasetId, Map<Split, List<Example>> examples) {
        DatasetManifest parent = latest.get(datasetId);
        long sequence = parent == null ? 1 : parent.sequence() + 1;
        String versionId = "v" + sequence;
        Map<String, SplitFile> files = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            files.put(split.wireName(), put(layout.datasetSplit(datasetId, versionId, split.wireName()),
                    examples.getOrDefault(split, List.of())));
        }
        DatasetManifest manifest = manifest(datasetId, versionId, sequence, parent, examples, files, null);
        latest.put(datasetId, manifest);
        return manifest;
    }

    /** The bytes a split file holds for these examples: one JSON line each, {@code \n} after every line. */
    public static byte[] jsonLines(List<Example> examples) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Example example : examples) {
            bytes.writeBytes(VersionAssembler.write(example));
            bytes.write('\n');
        }
        return bytes.toByteArray();
    }

    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(ContentHashing.newSha256().digest(content));
    }

    /** Examples {@code prefix0 … prefix(n-1)} with texts of their own. */
    public static List<Example> examples(String prefix, int count) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String input = "#Person1#: where is order " + prefix + i + "?\n#Person2#: on its way.";
            String output = "#Person1# asks about order " + prefix + i + ".";
            examples.add(new Example(prefix + i, input, output, null, "delivery", null, "test",
                    ContentHashing.contentHash(input, output)));
        }
        return examples;
    }

    private SplitFile put(ObjectRef ref, List<Example> examples) {
        byte[] content = jsonLines(examples);
        store.put(ref.bucket(), ref.key(), content, "application/x-ndjson");
        return new SplitFile(ref.bucket(), ref.key(), sha256(content), content.length, examples.size());
    }

    private SplitFile whole(ObjectRef ref, List<SplitFile> segments) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        long examples = 0;
        for (SplitFile segment : segments) {
            content.writeBytes(store.getBytes(segment.bucket(), segment.key()));
            examples += segment.examples();
        }
        return new SplitFile(ref.bucket(), ref.key(), sha256(content.toByteArray()), content.size(), examples);
    }

    private DatasetManifest manifest(String datasetId, String versionId, long sequence, DatasetManifest parent,
                                     Map<Split, List<Example>> added, Map<String, SplitFile> files,
                                     Map<String, List<SplitFile>> segments) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> addedCounts = new LinkedHashMap<>();
        long total = 0;
        for (Split split : Split.values()) {
            counts.put(split.wireName(), files.get(split.wireName()).examples());
            addedCounts.put(split.wireName(), (long) added.getOrDefault(split, List.of()).size());
            total += files.get(split.wireName()).examples();
        }
        DatasetManifest manifest = new DatasetManifest(DatasetManifest.SCHEMA_VERSION, Example.SCHEMA_VERSION,
                datasetId, versionId, sequence, parent == null ? null : parent.versionId(),
                Instant.parse("2026-12-05T04:00:00Z"), "upload", "up-test", POLICY, counts, addedCounts, total, files,
                Map.of(), segments);
        ObjectRef ref = layout.datasetManifest(datasetId, versionId);
        try {
            store.put(ref.bucket(), ref.key(), EventCodec.mapper().writeValueAsBytes(manifest), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return manifest;
    }
}
