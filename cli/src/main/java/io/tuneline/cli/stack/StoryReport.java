package io.tuneline.cli.stack;

import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the story did and measured; printed as tables and written as JSON by {@code --summary-json}.
 *
 * @param runs       the fine-tuning runs in the order they ran: single-task first, then the mixture and LoRA runs
 * @param comparison     one row per run: gain, forgetting, size and cost side by side
 * @param promotedRun    the run the gate promoted last, which inference-service serves, or null when the gate
 *                       promoted none (the story then serves nothing and its acceptance is not met)
 */
public record StoryReport(String datasetId, int chatsPublished, String versionId, Map<String, Long> versionCounts,
                          String renderId, Map<String, Long> promptCounts, List<Run> runs,
                          List<StoryComparison.Row> comparison, List<Served> served, List<String> deadLetters,
                          String promotedRun, StoryPipeline.Acceptance acceptance) {

    /** The retraining policy's run on the chats alone. */
    public Run single() {
        return runs.get(0);
    }

    /** The run trained with {@code recipe}, if the story ran it. */
    public Optional<Run> run(StoryRun.Recipe recipe) {
        return runs.stream().filter(run -> run.label().equals(recipe.label())).findFirst();
    }

    /**
     * One fine-tuning run and its evaluation.
     *
     * @param systems    base zero-/few-shot and the fine-tuned candidate on the support-chat test split
     * @param forgetting each held-out general task before (base) and after (candidate)
     * @param metrics    the worker's final figures ({@code trainable_parameters}, {@code checkpoint_bytes},
     *                   {@code wall_seconds}, ...), as {@code TrainingCompleted} carries them
     * @param lossCurve  {@code [step, training loss, validation loss or NaN]} from the run's progress events
     */
    public record Run(String label, String method, double learningRate, double mixFraction, String runId, long steps,
                      double finalLoss, String checkpoint, String evaluationId, String report,
                      List<SystemResult> systems, List<ForgettingResult> forgetting, boolean promoted,
                      String decisionReason, Map<String, Double> metrics, List<double[]> lossCurve) {

        public Optional<SystemResult> system(String name) {
            return systems.stream().filter(system -> system.name().equals(name)).findFirst();
        }

        /** Mean drop (before − after) over the held-out tasks. */
        public double meanHeldOutDrop() {
            return forgetting.stream().mapToDouble(f -> f.before().estimate() - f.after().estimate())
                    .average().orElse(0);
        }
    }

    /**
     * A test chat summarised by inference-service, with the model version that answered.
     *
     * @param servedRun the fine-tuning run whose checkpoint answered (null when the service answered with no run)
     */
    public record Served(String chatId, String summary, String reference, String servedBy, String servedRun) {
    }
}
