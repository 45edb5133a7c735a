package io.tuneline.template.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What template-service reads of dataset-service's manifests: the segments that hold each split of a version (a
 * split is its segments read in order), and whether a later version already exists.
 */
@ApplicationScoped
public class DatasetVersions {

    /** One immutable segment of a split: where it is, its SHA-256 (hex) and how many example lines it holds. */
    public record Segment(ObjectRef file, String sha256, long examples) {
    }

    private static final Pattern SEQUENCED = Pattern.compile("v(\\d+)");
    private static final Pattern MANIFEST_KEY = Pattern.compile(".*/versions/v(\\d+)/manifest\\.json");

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
        JsonNode manifest;
        try {
            manifest = mapper.readTree(store.getBytes(ref.bucket(), ref.key()));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("the manifest " + ref + " is unreadable", e);
        }
        JsonNode bySplit = manifest.path("segments");
        if (!bySplit.isObject()) {
            return Optional.empty();
        }
        Map<String, List<Segment>> segments = new LinkedHashMap<>();
        bySplit.fields().forEachRemaining(split -> {
            List<Segment> list = new ArrayList<>();
            for (JsonNode segment : split.getValue()) {
                if (!segment.path("sha256").asText().matches("[0-9a-f]{64}")) {
                    return;
                }
                list.add(new Segment(new ObjectRef(segment.path("bucket").asText(), segment.path("key").asText()),
                        segment.path("sha256").asText(), segment.path("examples").asLong()));
            }
            if (!list.isEmpty()) {
                segments.put(split.getKey(), List.copyOf(list));
            }
        });
        return Optional.of(segments);
    }

    /** Whether dataset-service has already written a later version ({@code v<n>} ids) of the dataset. */
    public boolean superseded(String datasetId, String versionId) {
        Matcher version = SEQUENCED.matcher(versionId);
        if (!version.matches()) {
            return false;
        }
        long sequence = Long.parseLong(version.group(1));
        for (StoredObject object : store.list(layout.datasets(), layout.datasetVersionsPrefix(datasetId))) {
            Matcher manifest = MANIFEST_KEY.matcher(object.key());
            if (manifest.matches() && Long.parseLong(manifest.group(1)) > sequence) {
                return true;
            }
        }
        return false;
    }
}
