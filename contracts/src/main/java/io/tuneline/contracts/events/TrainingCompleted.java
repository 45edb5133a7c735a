package io.tuneline.contracts.events;

/** A run finished; {@code checkpoint} is a Hugging Face model folder in the checkpoints bucket. */
public record TrainingCompleted(String runId, String baseModel, String datasetId, String versionId,
                                ObjectRef checkpoint, long steps, double finalLoss) implements EventPayload {

    @Override
    public String key() {
        return runId;
    }
}
