package io.tuneline.dataset.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.SegmentEncoding;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.version.VersionAssembler;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what dataset-service has stored: manifests, split files, upload reports. */
@ApplicationScoped
public class DatasetRepository {

    private static final ObjectMapper MAPPER = EventCodec.mapper();
    private static final Pattern MANIFEST_KEY = Pattern.compile("([^/]+)/versions/v(\\d+)/manifest\\.json");

    private final ObjectStore store;
    private final StorageLayout layout;

    DatasetRepository(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** Every dataset that has at least one version, sorted by id. */
    public List<String> datasetIds() {
        TreeSet<String> ids = new TreeSet<>();
        for (StoredObject object : store.list(layout.datasets(), "")) {
            Matcher matcher = MANIFEST_KEY.matcher(object.key());
            if (matcher.matches()) {
                ids.add(matcher.group(1));
            }
        }
        return List.copyOf(ids);
    }

    /** The version ids of a dataset, oldest first. */
    public List<String> versionIds(String datasetId) {
        List<Long> sequences = new ArrayList<>();
        for (StoredObject object : store.list(layout.datasets(), layout.datasetVersionsPrefix(datasetId))) {
            Matcher matcher = MANIFEST_KEY.matcher(object.key());
            if (matcher.matches()) {
                sequences.add(Long.parseLong(matcher.group(2)));
            }
        }
        return sequences.stream().sorted().map(DatasetRepository::versionId).toList();
    }

    public Optional<DatasetManifest> latest(String datasetId) {
        List<String> ids = versionIds(datasetId);
        return ids.isEmpty() ? Optional.empty() : Optional.of(manifest(datasetId, ids.get(ids.size() - 1)));
    }

    public List<DatasetManifest> versions(String datasetId) {
        List<DatasetManifest> manifests = new ArrayList<>();
        for (String versionId : versionIds(datasetId)) {
            manifests.add(manifest(datasetId, versionId));
        }
        return manifests;
    }

    public DatasetManifest manifest(String datasetId, String versionId) {
        ObjectRef ref = layout.datasetManifest(datasetId, versionId);
        try {
            return MAPPER.readValue(store.getBytes(ref.bucket(), ref.key()), DatasetManifest.class);
        } catch (ObjectNotFoundException e) {
            throw ApiException.notFound("version-not-found",
                    "dataset '" + datasetId + "' has no version '" + versionId + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("manifest " + ref + " is unreadable", e);
        }
    }

    /** One page of a split's examples, in file order; whole segments before the page are skipped unread. */
    public List<Example> examples(DatasetManifest manifest, Split split, long offset, int limit) {
        List<Example> page = new ArrayList<>();
        long skip = offset;
        for (SplitFile segment : manifest.segmentsOf(split.wireName())) {
            if (page.size() >= limit) {
                break;
            }
            if (skip >= segment.examples()) {
                skip -= segment.examples();
                continue;
            }
            try (InputStream in = new BufferedInputStream(open(segment))) {
                JsonLines lines = new JsonLines(in);
                for (; skip > 0; skip--) {
                    lines.skip();
                }
                for (byte[] line = lines.next(); line != null && page.size() < limit; line = lines.next()) {
                    page.add(VersionAssembler.read(line));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + segment.key() + " failed", e);
            }
        }
        return page;
    }

    /** A split's content, streamed segment by segment in order: the bytes its manifest's checksum covers. */
    public InputStream openSplit(DatasetManifest manifest, Split split) {
        Iterator<SplitFile> segments = manifest.segmentsOf(split.wireName()).iterator();
        return new SequenceInputStream(new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return segments.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return open(segments.next());
            }
        });
    }

    /** A segment's JSON Lines (decompressed when it is stored compressed). */
    private InputStream open(SplitFile segment) {
        return SegmentEncoding.decode(segment.key(), store.get(segment.bucket(), segment.key()));
    }

    /** The stored upload report, streamed as it is. */
    public InputStream uploadReport(String datasetId, String uploadId) {
        ObjectRef ref = layout.uploadReport(datasetId, uploadId);
        if (!store.exists(ref.bucket(), ref.key())) {
            throw ApiException.notFound("upload-not-found",
                    "dataset '" + datasetId + "' has no upload '" + uploadId + "'");
        }
        return store.get(ref.bucket(), ref.key());
    }

    public static String versionId(long sequence) {
        return "v" + sequence;
    }
}
