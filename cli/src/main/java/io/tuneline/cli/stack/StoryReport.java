package io.tuneline.cli.stack;

import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the story did and measured; printed as tables and written as JSON by {@code --summary-json}. */
public record StoryReport(String datasetId, int chatsPublished, String versionId, Map<String, Long> versionCounts,
                          String renderId, Map<String, Long> promptCounts, Run single, Run mixture,
                          List<Served> served, List<String> deadLetters, StoryPipeline.Acceptance acceptance) {

    /**
     * One fine-tuning run and its evaluation.
     *
     * @param systems    base zero-/few-shot and the fine-tuned candidate on the support-chat test split
     * @param forgetting each held-out general task before (base) and after (candidate)
     * @param lossCurve  {@code [step, training loss, validation loss or NaN]} from the run's progress events
     */
    public record Run(String label, String runId, long steps, double finalLoss, String checkpoint,
                      String evaluationId, String report, List<SystemResult> systems,
                      List<ForgettingResult> forgetting, boolean promoted, String decisionReason,
                      List<double[]> lossCurve) {

        public Optional<SystemResult> system(String name) {
            return systems.stream().filter(system -> system.name().equals(name)).findFirst();
        }
    }

    /** A test chat summarised by inference-service, with the model version that answered. */
    public record Served(String chatId, String summary, String reference, String servedBy) {
    }
}
