package io.tuneline.contracts.dataset;

import java.time.Instant;
import java.util.Map;

/**
 * A version as {@code GET /api/v1/datasets/{id}/versions} lists it (oldest first); {@code GET
 * .../versions/{versionId}} has the whole {@link DatasetManifest}.
 */
public record VersionSummary(String versionId, String parentVersionId, Instant createdAt, String trigger,
                             String source, long totalExamples, Map<String, Long> counts, Map<String, Long> added) {

    public static VersionSummary of(DatasetManifest manifest) {
        return new VersionSummary(manifest.versionId(), manifest.parentVersionId(), manifest.createdAt(),
                manifest.trigger(), manifest.source(), manifest.totalExamples(), manifest.counts(),
                manifest.added());
    }
}
