package io.tuneline.contracts.events;

/** A run stopped without a checkpoint; {@code reason} is meant for people, {@code errorCode} for machines. */
public record TrainingFailed(String runId, String errorCode, String reason) implements EventPayload {

    @Override
    public String key() {
        return runId;
    }
}
