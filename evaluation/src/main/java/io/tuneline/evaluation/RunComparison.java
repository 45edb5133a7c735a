package io.tuneline.evaluation;

import io.tuneline.evaluation.ForgettingResult.Verdict;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.util.List;
import java.util.Locale;

/**
 * Fine-tuning runs side by side — e.g. full fine-tuning, multi-task full fine-tuning and LoRA on the same data:
 * what each gained on its target task over the base model, what it forgot on the held-out tasks, and what it cost
 * (trainable parameters, checkpoint size, training time).
 *
 * @param targetMetric metric key of the target task (e.g. {@code rougeL})
 * @param heldOutTasks every held-out task any run was scored on, in first-seen order
 */
public record RunComparison(String targetMetric, List<String> heldOutTasks, List<ComparedRun> runs) {

    public RunComparison {
        heldOutTasks = List.copyOf(heldOutTasks);
        runs = List.copyOf(runs);
    }

    /**
     * One run. Figures the run did not report are null.
     *
     * @param label               how people tell the runs apart ({@code full}, {@code multi-task full (30 % mixed)},
     *                            {@code LoRA r 8})
     * @param baseScore           the base model's target metric on the run's test split (zero-shot)
     * @param score               the fine-tuned model's
     * @param gain                paired difference fine-tuned − base on the same examples, 95 % bootstrap interval
     * @param meanRelativeChange  mean over the held-out tasks of (after − before) / before; −0.6 = 60 % worse
     * @param tasksWorse          held-out tasks whose whole change interval is below zero
     * @param trainingSeconds     the worker's wall time (load, tokenize, train, evaluate, save)
     * @param decision            the gate's or a person's decision on the run ({@code PROMOTED}, {@code REJECTED}, …)
     */
    public record ComparedRun(String runId, String label, String method, String baseModel, int testExamples,
                              ConfidenceInterval baseScore, ConfidenceInterval score, ConfidenceInterval gain,
                              List<HeldOutChange> heldOut, Double meanRelativeChange, int tasksWorse,
                              Long trainableParameters, Long modelParameters, Long checkpointBytes,
                              Double trainingSeconds, Long steps, String decision) {

        public ComparedRun {
            heldOut = List.copyOf(heldOut);
        }

        /** Trainable parameters as a share of the model's, or null when either is unknown. */
        public Double trainableShare() {
            return trainableParameters == null || modelParameters == null || modelParameters == 0 ? null
                    : (double) trainableParameters / modelParameters;
        }
    }

    /** A held-out task before (base model) and after (this run's model). */
    public record HeldOutChange(String task, String metric, double before, double after, ConfidenceInterval change,
                                double relativeChange, Verdict verdict) {

        public static HeldOutChange of(ForgettingResult result) {
            double before = result.before().estimate();
            return new HeldOutChange(result.task(), result.metric(), before, result.after().estimate(),
                    result.change(), before == 0 ? 0 : result.change().estimate() / before, result.verdict());
        }
    }

    /** A run's name for people from its method, mixture share and LoRA rank (as the worker reports them). */
    public static String label(String method, Double mixFraction, Double loraRank) {
        if ("lora".equals(method)) {
            return loraRank == null ? "LoRA" : String.format(Locale.ROOT, "LoRA r %d", Math.round(loraRank));
        }
        String name = method == null ? "full" : method;
        return mixFraction != null && mixFraction > 0
                ? String.format(Locale.ROOT, "multi-task %s (%d %% mixed)", name, Math.round(mixFraction * 100))
                : name;
    }

    /** The mean relative change over held-out tasks, or null without any (tasks scored 0 by the base are skipped). */
    public static Double meanRelativeChange(List<HeldOutChange> changes) {
        return changes.stream().filter(change -> change.before() != 0).mapToDouble(HeldOutChange::relativeChange)
                .average().stream().boxed().findFirst().orElse(null);
    }
}
