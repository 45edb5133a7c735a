package io.tuneline.dataset.version;

import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.validation.DedupeIndex;

import java.util.Map;

/**
 * What the next version needs of a committed one besides its manifest: every example by id and content, and each
 * split's running totals. Kept in memory for the latest version, so that a cut reads and hashes only what it adds
 * instead of the whole dataset; rebuilt from the segments when missing. Drafts extend copies of it.
 */
public record VersionState(String versionId, DedupeIndex index, Map<Split, SplitTotals> totals) {
}
