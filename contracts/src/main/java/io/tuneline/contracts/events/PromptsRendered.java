package io.tuneline.contracts.events;

import java.util.Map;

/** Prompt/completion JSONL files rendered from a dataset version (or a mixture) are ready for training. */
public record PromptsRendered(String datasetId, String versionId, String renderId, String mixture,
                              Map<String, ObjectRef> splits, Map<String, Long> counts, long truncated)
        implements EventPayload {

    @Override
    public String key() {
        return datasetId;
    }
}
