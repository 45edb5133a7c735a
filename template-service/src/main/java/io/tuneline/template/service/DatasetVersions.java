package io.tuneline.template.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.SegmentEncoding;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What template-service reads of a dataset version that dataset-service wrote: the segments that hold each split
 * (from the version's manifest; a split is its segments read in order) or else its whole split files. Every read
 * of dataset data goes through here.
 */
@ApplicationScoped
public class DatasetVersions {

    /** One immutable segment of a split: where it is, its SHA-256 (hex) and how many example lines it holds. */
    public record Segment(ObjectRef file, String sha256, long examples) {
    }

    /** The splits looked for in a dataset version when no event lists them, in output order. */
    static final List<String> STANDARD_SPLITS = List.of("train", "validation", "test");

    private final ObjectStore store;
    private final StorageLayout layout;
    private final ObjectMapper mapper;

    DatasetVersions(ObjectStore store, StorageLayout layout, ObjectMapper mapper) {
        this.store = store;
        this.layout = layout;
        this.mapper = mapper;
    }

    /**
     * The segments of each split, from the version's manifest; empty when there is no manifest or it lists no
     * segments (then each split is one whole file).
     */
    public Optional<Map<String, List<Segment>>> segments(String datasetId, String versionId) {
        ObjectRef ref = layout.datasetManifest(datasetId, versionId);
        DatasetManifest manifest;
        try {
            manifest = mapper.readValue(store.getBytes(ref.bucket(), ref.key()), DatasetManifest.class);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("the manifest " + ref + " is unreadable", e);
        }
        if (manifest.segments() == null) {
            return Optional.empty();
        }
        Map<String, List<Segment>> segments = new LinkedHashMap<>();
        manifest.segments().forEach((split, files) -> {
            // A split with a segment whose checksum is not a SHA-256 cannot be checked or reused: left out.
            if (files != null && !files.isEmpty()
                    && files.stream().allMatch(file -> file != null && file.sha256() != null
                    && file.sha256().matches("[0-9a-f]{64}"))) {
                segments.put(split, files.stream().map(DatasetVersions::segment).toList());
            }
        });
        return Optional.of(segments);
    }

    private static Segment segment(SplitFile file) {
        return new Segment(new ObjectRef(file.bucket(), file.key()), file.sha256(), file.examples());
    }

    /**
     * The lines of each whole split file of a version: the files {@code listed} (by the version's event), each of
     * which must exist, or, when null, the standard split files found in the version's folder.
     */
    Map<String, LineSource> splitFiles(String datasetId, String versionId, Map<String, ObjectRef> listed) {
        Map<String, ObjectRef> files = listed != null ? requireExisting(listed) : findSplits(datasetId, versionId);
        Map<String, LineSource> lines = new LinkedHashMap<>();
        files.forEach((split, ref) -> lines.put(split, () -> reader(store.get(ref.bucket(), ref.key()))));
        return lines;
    }

    /** The lines of each split made of segments: its segments read one after the other, each opened when reached. */
    Map<String, LineSource> segmentedSplits(Map<String, List<Segment>> segments) {
        Map<String, LineSource> lines = new LinkedHashMap<>();
        segments.forEach((split, parts) -> lines.put(split, () -> {
            Iterator<Segment> next = parts.iterator();
            return reader(new SequenceInputStream(new Enumeration<>() {
                @Override
                public boolean hasMoreElements() {
                    return next.hasNext();
                }

                @Override
                public InputStream nextElement() {
                    return openSegment(next.next());
                }
            }));
        }));
        return lines;
    }

    /** The lines of one segment; the caller closes the reader. */
    public BufferedReader segmentReader(Segment segment) {
        return reader(openSegment(segment));
    }

    /** The one place a segment's bytes are read; a segment stored compressed is decompressed while read. */
    private InputStream openSegment(Segment segment) {
        return SegmentEncoding.decode(segment.file().key(), store.get(segment.file().bucket(), segment.file().key()));
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private Map<String, ObjectRef> findSplits(String datasetId, String versionId) {
        Map<String, ObjectRef> found = new LinkedHashMap<>();
        for (String split : STANDARD_SPLITS) {
            ObjectRef ref = layout.datasetSplit(datasetId, versionId, split);
            if (store.exists(ref.bucket(), ref.key())) {
                found.put(split, ref);
            }
        }
        if (found.isEmpty()) {
            throw new DatasetVersionNotFoundException(DatasetVersionNotFoundException.VERSION_NOT_FOUND,
                    "dataset '" + datasetId + "' has no version '" + versionId + "' with split files",
                    Map.of("datasetId", datasetId, "versionId", versionId));
        }
        return found;
    }

    private Map<String, ObjectRef> requireExisting(Map<String, ObjectRef> splits) {
        if (splits.isEmpty()) {
            throw new InvalidRenderException(InvalidRenderException.NO_SPLITS,
                    "the dataset version lists no split files");
        }
        for (Map.Entry<String, ObjectRef> split : splits.entrySet()) {
            StorageLayout.id(split.getKey());
            ObjectRef ref = split.getValue();
            if (ref == null || !store.exists(ref.bucket(), ref.key())) {
                throw new DatasetVersionNotFoundException(DatasetVersionNotFoundException.SPLIT_NOT_FOUND,
                        "split '" + split.getKey() + "' is not in object storage: " + ref,
                        Map.of("split", split.getKey()));
            }
        }
        return splits;
    }
}
