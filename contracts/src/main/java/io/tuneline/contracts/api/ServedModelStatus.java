package io.tuneline.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;

/**
 * What inference-service's {@code GET /api/v1/models} says about one model name, and what the launcher reads to tell
 * "still loading" from "gave up loading".
 *
 * @param serving     the version answering now, or null before the first load
 * @param loading     the version being loaded now, or null
 * @param lastFailure the latest load that failed, kept until a later load succeeds
 * @param adapters    the LoRA adapters loaded on the served base on demand, least recently used first
 */
public record ServedModelStatus(String name, ModelVersion serving, ModelVersion loading, LoadFailure lastFailure,
                                int runningRequests, int batchSize, int queueDepth, boolean continuousBatching,
                                List<LoadedAdapter> adapters, int maxAdapters) {

    public ServedModelStatus {
        adapters = adapters == null ? List.of() : List.copyOf(adapters);
    }

    /** Nothing serves the name, nothing is loading, and the latest load failed: waiting will not help. */
    @JsonIgnore
    public boolean gaveUpLoading() {
        return serving == null && loading == null && lastFailure != null;
    }

    public record LoadedAdapter(String adapter, ModelVersion version, int runningRequests) {
    }

    public record LoadFailure(ModelVersion version, String reason, Instant at) {
    }
}
