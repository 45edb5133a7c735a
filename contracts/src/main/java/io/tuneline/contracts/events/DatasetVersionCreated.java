package io.tuneline.contracts.events;

import java.util.Map;

/**
 * An immutable dataset version was written: its manifest and one JSONL file per split.
 * {@code trigger} says why it was cut ("upload", "stream-count", "stream-interval").
 */
public record DatasetVersionCreated(String datasetId, String versionId, String parentVersionId, ObjectRef manifest,
                                    Map<String, ObjectRef> splits, Map<String, Long> counts, String trigger)
        implements EventPayload {

    @Override
    public String key() {
        return datasetId;
    }
}
