package io.tuneline.dataset.rest;

import java.time.Instant;
import java.util.Map;

/** A dataset as listed: its latest version and what that holds. */
public record DatasetSummary(String datasetId, String latestVersionId, long versions, long totalExamples,
                             Map<String, Long> counts, Instant updatedAt) {
}
