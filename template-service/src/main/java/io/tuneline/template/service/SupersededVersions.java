package io.tuneline.template.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether the automatic render of a new dataset version can be skipped: when versions arrive faster than
 * they render, a version {@code v<n>} whose dataset already has a later {@code v<m>/manifest.json} is skipped
 * (counted in {@code tuneline_template_versions_skipped_total{dataset}} and logged). The later version's own event
 * renders everything it holds, so skipping loses nothing.
 */
@ApplicationScoped
public class SupersededVersions {

    private static final Logger LOG = Logger.getLogger(SupersededVersions.class);
    private static final Pattern SEQUENCED = Pattern.compile("v(\\d+)");
    private static final Pattern MANIFEST_KEY = Pattern.compile(".*/versions/v(\\d+)/manifest\\.json");

    private final ObjectStore store;
    private final StorageLayout layout;
    private final MeterRegistry metrics;

    SupersededVersions(ObjectStore store, StorageLayout layout, MeterRegistry metrics) {
        this.store = store;
        this.layout = layout;
        this.metrics = metrics;
    }

    /** True (counted and logged) when the version need not be rendered because a later one exists. */
    public boolean skip(String datasetId, String versionId) {
        if (!superseded(datasetId, versionId)) {
            return false;
        }
        metrics.counter("tuneline.template.versions.skipped", "dataset", datasetId).increment();
        LOG.infof("Skipping %s/%s: a later version of the dataset exists and will be rendered instead", datasetId,
                versionId);
        return true;
    }

    /** Whether dataset-service has already written a later version ({@code v<n>} ids) of the dataset. */
    boolean superseded(String datasetId, String versionId) {
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
