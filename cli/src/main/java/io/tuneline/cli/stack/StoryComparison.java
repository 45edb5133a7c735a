package io.tuneline.cli.stack;

import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.stats.ConfidenceInterval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Full fine-tuning, the multi-task mixture and LoRA side by side: what each gained on the target task, what it
 * forgot, how much of the model it trained and stored, and what it cost.
 */
final class StoryComparison {

    private StoryComparison() {
    }

    /**
     * One run's row.
     *
     * @param rougeLGain          paired ROUGE-L difference to the base model on the test split (with its interval)
     * @param meanHeldOutChange   mean absolute change over the held-out general tasks (negative: forgotten)
     * @param heldOutSuiteChange  the held-out tasks' summed score relative to the base's sum ({@code −0.03} = 3 %
     *                            lower), which eval-service's gate compares with its suite tolerance
     * @param worstHeldOutTask    the held-out task with the largest relative drop, and that drop ({@code −0.12} =
     *                            12 % worse than the base); the gate flags a task only when the whole interval
     *                            of that change is beyond its tolerance
     * @param trainableParameters parameters the optimizer updated (LoRA: the adapter's only)
     * @param checkpointBytes     the final checkpoint's model or adapter files
     * @param trainingSeconds     the worker's wall time, start to final checkpoint
     */
    record Row(String run, String method, ConfidenceInterval rougeLGain, double meanHeldOutChange,
               double heldOutSuiteChange, String worstHeldOutTask, double worstHeldOutRelativeChange, Double trainableParameters,
               Double checkpointBytes, Double trainingSeconds, boolean promoted) {
    }

    static List<Row> of(List<StoryReport.Run> runs) {
        List<Row> rows = new ArrayList<>();
        for (StoryReport.Run run : runs) {
            ConfidenceInterval gain = run.system("candidate").map(c -> c.differenceToBase().get("rougeL")).orElse(null);
            ForgettingResult worst = run.forgetting().stream()
                    .min(Comparator.comparingDouble(StoryComparison::relativeChange)).orElse(null);
            Map<String, Double> metrics = run.metrics() == null ? Map.of() : run.metrics();
            rows.add(new Row(run.label(), run.method(), gain, -run.meanHeldOutDrop(), suiteChange(run.forgetting()),
                    worst == null ? null : worst.task(), worst == null ? 0 : relativeChange(worst),
                    metrics.get("trainable_parameters"), metrics.get("checkpoint_bytes"), metrics.get("wall_seconds"),
                    run.promoted()));
        }
        return rows;
    }

    /** As eval-service's gate computes it: the change relative to the base's score, 0 when the base scored 0. */
    static double relativeChange(ForgettingResult task) {
        double before = task.before().estimate();
        return before == 0 ? 0 : (task.after().estimate() - before) / before;
    }

    /** The summed held-out score after, relative to before; 0 when the base scored nothing. */
    static double suiteChange(List<ForgettingResult> tasks) {
        double before = tasks.stream().mapToDouble(task -> task.before().estimate()).sum();
        double after = tasks.stream().mapToDouble(task -> task.after().estimate()).sum();
        return before == 0 ? 0 : (after - before) / before;
    }

    static String render(List<Row> rows) {
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"run", "method", "ROUGE-L gain [95 % CI]", "mean held-out change",
                "held-out suite", "worst held-out task", "trainable params", "checkpoint", "training time", "gate"});
        for (Row row : rows) {
            table.add(new String[] {row.run(), row.method(),
                    row.rougeLGain() == null ? "-" : String.format("%+.3f [%+.3f, %+.3f]", row.rougeLGain().estimate(),
                            row.rougeLGain().lower(), row.rougeLGain().upper()),
                    String.format("%+.3f", row.meanHeldOutChange()),
                    String.format("%+.1f %%", row.heldOutSuiteChange() * 100),
                    row.worstHeldOutTask() == null ? "-" : String.format("%s %+.0f %%", row.worstHeldOutTask(),
                            row.worstHeldOutRelativeChange() * 100),
                    row.trainableParameters() == null ? "-" : String.format("%,.0f", row.trainableParameters()),
                    row.checkpointBytes() == null ? "-" : String.format("%.1f MB", row.checkpointBytes() / 1e6),
                    row.trainingSeconds() == null ? "-" : String.format("%.0f s", row.trainingSeconds()),
                    row.promoted() ? "PROMOTED" : "rejected"});
        }
        return "Full fine-tuning, multi-task mixture and LoRA (ROUGE-L gain: paired difference to the base model)\n"
                + StorySummary.table(table);
    }
}
