package io.tuneline.dataset.rest;

import io.tuneline.dataset.version.DatasetManifest;

import java.time.Instant;
import java.util.Map;

/** A version as listed; {@code GET .../versions/{versionId}} has the whole manifest. */
public record VersionSummary(String versionId, String parentVersionId, Instant createdAt, String trigger,
                             String source, long totalExamples, Map<String, Long> counts, Map<String, Long> added) {

    static VersionSummary of(DatasetManifest manifest) {
        return new VersionSummary(manifest.versionId(), manifest.parentVersionId(), manifest.createdAt(),
                manifest.trigger(), manifest.source(), manifest.totalExamples(), manifest.counts(),
                manifest.added());
    }
}
