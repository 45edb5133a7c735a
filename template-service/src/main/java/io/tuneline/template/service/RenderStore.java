package io.tuneline.template.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.PromptLine;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ContentTypes;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where renders live in the prompts bucket ({@code {dataset}/{version}/{renderId}/manifest.json} and one JSONL file
 * per split): writing them, and reading manifests and pages of prompt lines back.
 */
@ApplicationScoped
public class RenderStore {

    private final ObjectStore store;
    private final StorageLayout layout;
    private final ObjectMapper mapper;

    RenderStore(ObjectStore store, StorageLayout layout, ObjectMapper mapper) {
        this.store = store;
        this.layout = layout;
        this.mapper = mapper;
    }

    /** A page of a render's prompt lines. {@code nextOffset} is null on the last page. */
    public record PromptPage(String renderId, String split, long offset, int limit, long total, Long nextOffset,
                             List<PromptLine> items) {
    }

    public ObjectRef splitFile(String datasetId, String versionId, String renderId, String split) {
        return layout.promptsSplit(datasetId, versionId, renderId, split);
    }

    public void putSplit(ObjectRef file, Path content) {
        store.putFile(file.bucket(), file.key(), content, ContentTypes.JSON_LINES);
    }

    /** The manifest goes last: a render exists once its manifest does. */
    public void putManifest(RenderManifest manifest) {
        ObjectRef ref = layout.promptsManifest(manifest.datasetId(), manifest.versionId(), manifest.renderId());
        try {
            store.put(ref.bucket(), ref.key(), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest),
                    ContentTypes.JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the manifest", e);
        }
    }

    /** The counts of a dataset segment's rendered prompts, if they were rendered (and written whole) before. */
    public Optional<SplitSummary> segmentSummary(ObjectRef summary) {
        try {
            return Optional.of(mapper.readValue(store.getBytes(summary.bucket(), summary.key()), SplitSummary.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + summary, e);
        }
    }

    /** Stores a rendered segment: the prompts first, then its counts, which mark it complete. */
    public void putSegment(ObjectRef prompts, Path content, ObjectRef summary, SplitSummary counts) {
        store.putFile(prompts.bucket(), prompts.key(), content, ContentTypes.JSON_LINES);
        try {
            store.put(summary.bucket(), summary.key(), mapper.writeValueAsBytes(counts), ContentTypes.JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a segment summary", e);
        }
    }

    /** A stored file of rendered prompts. */
    public InputStream open(ObjectRef file) {
        return store.get(file.bucket(), file.key());
    }

    public Optional<RenderManifest> manifest(String datasetId, String versionId, String renderId) {
        ObjectRef ref = layout.promptsManifest(datasetId, versionId, renderId);
        if (!store.exists(ref.bucket(), ref.key())) {
            return Optional.empty();
        }
        return Optional.of(read(ref));
    }

    public RenderManifest requireManifest(String datasetId, String versionId, String renderId) {
        return manifest(datasetId, versionId, renderId).orElseThrow(() -> new RenderNotFoundException(
                "no render '" + renderId + "' of " + datasetId + "/" + versionId));
    }

    /** Every render of a dataset version (those with a manifest), newest first. */
    public List<RenderManifest> list(String datasetId, String versionId) {
        String prefix = layout.rendersOfVersionPrefix(datasetId, versionId);
        List<RenderManifest> manifests = new ArrayList<>();
        for (StoredObject object : store.list(layout.prompts(), prefix)) {
            String rest = object.key().substring(prefix.length());
            if (rest.endsWith("/manifest.json") && rest.indexOf('/') == rest.length() - "/manifest.json".length()) {
                manifests.add(read(new ObjectRef(layout.prompts(), object.key())));
            }
        }
        manifests.sort(Comparator.comparing(RenderManifest::createdAt).reversed());
        return manifests;
    }

    /** Lines {@code offset .. offset+limit} of one split of a render, in file order. */
    public PromptPage prompts(String datasetId, String versionId, String renderId, String split, long offset,
                              int limit) {
        RenderManifest manifest = requireManifest(datasetId, versionId, renderId);
        SplitSummary summary = manifest.splits().get(split);
        if (summary == null) {
            throw new RenderNotFoundException("render '" + renderId + "' has no split '" + split + "'; it has "
                    + manifest.splits().keySet());
        }
        List<PromptLine> items = new ArrayList<>();
        if (offset < summary.examples()) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    store.get(summary.file().bucket(), summary.file().key()), StandardCharsets.UTF_8))) {
                for (long skipped = 0; skipped < offset && reader.readLine() != null; skipped++) {
                    // skip to the page
                }
                for (String line = reader.readLine(); line != null && items.size() < limit;
                     line = reader.readLine()) {
                    items.add(mapper.readValue(line, PromptLine.class));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + summary.file(), e);
            }
        }
        long next = offset + items.size();
        return new PromptPage(renderId, split, offset, limit, summary.examples(),
                next < summary.examples() && !items.isEmpty() ? next : null, items);
    }

    private RenderManifest read(ObjectRef ref) {
        try {
            return mapper.readValue(store.getBytes(ref.bucket(), ref.key()), RenderManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
    }
}
