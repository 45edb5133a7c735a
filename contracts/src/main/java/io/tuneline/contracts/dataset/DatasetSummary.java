package io.tuneline.contracts.dataset;

import java.time.Instant;
import java.util.Map;

/**
 * A dataset as {@code GET /api/v1/datasets} lists it and {@code GET /api/v1/datasets/{id}} answers: its latest
 * version and what that holds.
 *
 * @param versions  how many versions it has
 * @param updatedAt when its latest version was made
 */
public record DatasetSummary(String datasetId, String latestVersionId, long versions, long totalExamples,
                             Map<String, Long> counts, Instant updatedAt) {
}
