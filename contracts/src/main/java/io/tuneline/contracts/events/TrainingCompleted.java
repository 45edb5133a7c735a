package io.tuneline.contracts.events;

import java.util.Map;

/**
 * A run finished. {@code checkpoint} is the best checkpoint by validation loss (the last one when the run had no
 * validation split) and {@code lastCheckpoint} the final one, both Hugging Face model folders (for method
 * {@code lora}: PEFT adapter folders on top of {@code baseModelRef}). {@code prompts} names the rendered splits
 * the run came from ({@code train}, {@code validation}, {@code test}) so an evaluation can score the same test
 * split; {@code metrics} holds final figures such as {@code train_loss}, {@code best_validation_loss}.
 */
public record TrainingCompleted(String runId, String modelName, String baseModel, ObjectRef baseModelRef,
                                String method, String datasetId, String versionId, String renderId,
                                ObjectRef checkpoint, ObjectRef lastCheckpoint, long steps, double finalLoss,
                                Map<String, ObjectRef> prompts, Map<String, Double> metrics)
        implements EventPayload {

    @Override
    public String key() {
        return runId;
    }
}
