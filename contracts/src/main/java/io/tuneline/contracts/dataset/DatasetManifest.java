package io.tuneline.contracts.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of an immutable dataset version; written last, so a version exists exactly when its
 * manifest does. Maps are keyed by split name ({@code train}, {@code validation}, {@code test}). dataset-service
 * stores it and answers {@code GET /api/v1/datasets/{id}/versions/{versionId}} with it, and the launcher reads
 * that answer as this record. The field names are the stored JSON's: manifests already in object storage must keep
 * parsing.
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
 * @param files                per split: its checksum, size and count as one file (the concatenation of its
 *                             segments); {@code key} names the split, no object is stored under it when
 *                             {@code segments} is set
 * @param segments             per split, the immutable segment objects that hold it, in order: the parent's
 *                             segments plus this version's new examples; absent in manifests written before
 *                             segments, whose split files are stored whole under {@code files.*.key}
 */
public record DatasetManifest(int schemaVersion, int exampleSchemaVersion, String datasetId, String versionId,
                              long sequence, String parentVersionId, Instant createdAt, String trigger,
                              String source, SplitPolicy splitPolicy, Map<String, Long> counts,
                              Map<String, Long> added, long totalExamples, Map<String, SplitFile> files,
                              Map<String, SplitStatistics> statistics, Map<String, List<SplitFile>> segments) {

    public static final int SCHEMA_VERSION = 1;

    /** The objects that hold one split, in order (a manifest from before segments: its one whole file). */
    public List<SplitFile> segmentsOf(String split) {
        if (segments != null) {
            return segments.getOrDefault(split, List.of());
        }
        SplitFile whole = files == null ? null : files.get(split);
        return whole == null ? List.of() : List.of(whole);
    }
}
