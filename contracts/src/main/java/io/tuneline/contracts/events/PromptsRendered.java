package io.tuneline.contracts.events;

import java.util.Map;

/**
 * Prompt/completion JSONL files rendered from a dataset version (or a mixture) are ready for training.
 *
 * @param truncated         examples whose data field was shortened to fit the input limit
 * @param truncationWarning set when more than the configured share of examples was truncated (with the numbers),
 *                          so that a consumer can refuse to train on mostly-cut dialogues; null otherwise
 */
public record PromptsRendered(String datasetId, String versionId, String renderId, String mixture,
                              Map<String, ObjectRef> splits, Map<String, Long> counts, long truncated,
                              String truncationWarning)
        implements EventPayload {

    public PromptsRendered(String datasetId, String versionId, String renderId, String mixture,
                           Map<String, ObjectRef> splits, Map<String, Long> counts, long truncated) {
        this(datasetId, versionId, renderId, mixture, splits, counts, truncated, null);
    }

    @Override
    public String key() {
        return datasetId;
    }
}
