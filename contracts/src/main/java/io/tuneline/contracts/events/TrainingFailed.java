package io.tuneline.contracts.events;

/**
 * A run stopped for good; {@code reason} is meant for people, {@code errorCode} for machines.
 * {@code lastCheckpoint} is the newest checkpoint written before it failed, or null.
 */
public record TrainingFailed(String runId, String errorCode, String reason, ObjectRef lastCheckpoint)
        implements EventPayload {

    @Override
    public String key() {
        return runId;
    }
}
