package io.tuneline.worker.progress;

/**
 * A run began (or resumed: {@code resumedFromStep > 0}).
 *
 * @param device the engine's device, {@code cpu()} or {@code gpu(0)}
 */
public record RunStarted(String runId, long totalSteps, long resumedFromStep, int trainExamples,
        int validationExamples, int truncatedPrompts, int truncatedCompletions, String device) {
}
