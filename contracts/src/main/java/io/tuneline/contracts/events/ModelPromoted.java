package io.tuneline.contracts.events;

/** The serving model of {@code modelName} is now {@code checkpoint}. */
public record ModelPromoted(String modelName, String runId, String evaluationId, ObjectRef checkpoint)
        implements EventPayload {

    @Override
    public String key() {
        return modelName;
    }
}
