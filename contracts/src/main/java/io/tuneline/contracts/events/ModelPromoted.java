package io.tuneline.contracts.events;

/**
 * The serving model of {@code modelName} is now {@code checkpoint}: a Hugging Face model folder, or for a LoRA run
 * a PEFT adapter folder applied on top of {@code baseModel} (null for full fine-tuning).
 */
public record ModelPromoted(String modelName, String runId, String evaluationId, ObjectRef checkpoint,
                           ObjectRef baseModel) implements EventPayload {

    @Override
    public String key() {
        return modelName;
    }
}
