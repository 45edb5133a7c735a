package io.tuneline.dataset.version;

import io.tuneline.dataset.split.SplitPolicy;

import java.time.Instant;
import java.util.Map;

/**
 * {@code manifest.json} of an immutable dataset version; written last, so a version exists exactly when its
 * manifest does. Maps are keyed by split name ({@code train}, {@code validation}, {@code test}).
 *
 * @param schemaVersion        version of this manifest's shape
 * @param exampleSchemaVersion version of the example records in the split files
 * @param sequence             1 for a dataset's first version, parent's + 1 after that
 * @param trigger              {@code upload}, {@code stream-count} or {@code stream-interval}
 * @param source               the upload id, or {@code stream}
 * @param splitPolicy          frozen at the first version and inherited by every later one
 * @param counts               examples per split
 * @param added                examples new in this version, per split
 * @param statistics           length statistics per split (absent for an empty split)
 */
public record DatasetManifest(int schemaVersion, int exampleSchemaVersion, String datasetId, String versionId,
                              long sequence, String parentVersionId, Instant createdAt, String trigger,
                              String source, SplitPolicy splitPolicy, Map<String, Long> counts,
                              Map<String, Long> added, long totalExamples, Map<String, SplitFile> files,
                              Map<String, SplitStatistics> statistics) {

    public static final int SCHEMA_VERSION = 1;
}
