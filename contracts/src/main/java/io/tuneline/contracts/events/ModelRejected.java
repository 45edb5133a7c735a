package io.tuneline.contracts.events;

/** A candidate did not pass the promotion gate; the serving model stays as it was. */
public record ModelRejected(String modelName, String runId, String evaluationId, String reason)
        implements EventPayload {

    @Override
    public String key() {
        return modelName;
    }
}
