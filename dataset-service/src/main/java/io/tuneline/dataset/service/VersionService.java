package io.tuneline.dataset.service;

import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.events.DatasetVersionCreated;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.config.DatasetConfig;
import io.tuneline.dataset.version.VersionState;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Map;

/** Starts version drafts on top of a dataset's latest version and announces committed versions. */
@ApplicationScoped
public class VersionService {

    private static final int CACHED_DATASETS = 4;

    private final ObjectStore store;
    private final StorageLayout layout;
    private final DatasetRepository repository;
    private final DatasetConfig config;
    private final EventPublisher publisher;

    private final SpoolDirectory spool;
    /** The state of the latest version of the datasets written most recently (a few, bounded). */
    private final Map<String, VersionState> latestStates = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, VersionState> eldest) {
                    return size() > CACHED_DATASETS;
                }
            });

    VersionService(ObjectStore store, StorageLayout layout, DatasetRepository repository, DatasetConfig config,
                   EventPublisher publisher, SpoolDirectory spool) {
        this.spool = spool;
        this.store = store;
        this.layout = layout;
        this.repository = repository;
        this.config = config;
        this.publisher = publisher;
    }

    /** Call while holding the dataset's lock, so that the latest version stays the latest until the commit. */
    public VersionDraft draft(String datasetId) {
        return new VersionDraft(store, layout, datasetId, repository.latest(datasetId),
                Optional.ofNullable(latestStates.get(datasetId)), config.split().policy(),
                spool.newDirectory("dataset-version-"), committed -> latestStates.put(datasetId, committed));
    }

    /**
     * Forgets every cached version state, as a restart does: the next draft of each dataset reads its parent's
     * segments again and verifies them against the parent's manifest.
     */
    void forgetCachedStates() {
        latestStates.clear();
    }

    /** Publishes {@code DatasetVersionCreated}; returns once the broker has it. */
    public void announce(DatasetManifest manifest) {
        Map<String, ObjectRef> splits = new LinkedHashMap<>();
        for (Map.Entry<String, SplitFile> file : manifest.files().entrySet()) {
            splits.put(file.getKey(), new ObjectRef(file.getValue().bucket(), file.getValue().key()));
        }
        publisher.publish(new DatasetVersionCreated(manifest.datasetId(), manifest.versionId(),
                manifest.parentVersionId(), layout.datasetManifest(manifest.datasetId(), manifest.versionId()),
                splits, manifest.counts(), manifest.trigger()));
    }
}
