package io.tuneline.evaluation;

import io.tuneline.evaluation.ForgettingResult.ForgottenExample;
import io.tuneline.evaluation.ForgettingResult.Verdict;
import io.tuneline.evaluation.generation.ModelLoader;
import io.tuneline.evaluation.generation.TextGenerator;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link EvaluationPlan}: each model generates for the test set (the base model also with its in-context
 * baselines) and for every held-out task, one model loaded at a time; then every output is scored and every
 * mean and difference gets a bootstrap interval.
 *
 * <pre>{@code
 * EvaluationPlan plan = EvaluationPlan.of(List.of(new ModelUnderTest("base", baseDir),
 *         new ModelUnderTest("candidate", candidateDir)), PromptFile.read(testJsonl));
 * EvaluationResult result = new Evaluator(T5TextGenerator.loader(GenerationConfig.greedy(64), 8)).evaluate(plan);
 * }</pre>
 */
public final class Evaluator {

    private static final Metric[] METRICS = Metric.values();

    private final ModelLoader loader;

    public Evaluator(ModelLoader loader) {
        this.loader = loader;
    }

    public EvaluationResult evaluate(EvaluationPlan plan) {
        return evaluate(plan, ProgressListener.NONE);
    }

    public EvaluationResult evaluate(EvaluationPlan plan, ProgressListener progress) {
        List<SystemRun> runs = new ArrayList<>();
        List<TaskRun> taskRuns = new ArrayList<>();
        for (int m = 0; m < plan.models().size(); m++) {
            ModelUnderTest model = plan.models().get(m);
            try (TextGenerator generator = loader.open(model.dir())) {
                List<Integer> shots = m == 0 ? plan.baseShots() : List.of(0);
                for (int k : shots) {
                    runs.add(runSystem(plan, model, k, generator, progress));
                }
                for (HeldOutTask task : plan.heldOutTasks()) {
                    taskRuns.add(runTask(plan, model, task, generator, progress));
                }
            }
        }
        return summarise(plan, runs, taskRuns);
    }

    // --- generation ---------------------------------------------------------------------------------------

    /** Outputs and per-example scores ({@code scores[metric][example]}) of one system. */
    private record SystemRun(String name, String model, int shots, double meanShotsUsed, List<String> outputs,
                             double[][] scores, double seconds) {
    }

    /** Outputs and scores of one model on one held-out task. */
    private record TaskRun(HeldOutTask task, String model, List<String> outputs, double[] scores) {
    }

    private static SystemRun runSystem(EvaluationPlan plan, ModelUnderTest model, int k, TextGenerator generator,
            ProgressListener progress) {
        String name = k == 0 ? model.name() : model.name() + " " + k + "-shot";
        List<TestExample> examples = plan.testSet();
        List<String> prompts = new ArrayList<>(examples.size());
        double shotsUsed = 0;
        if (k == 0) {
            examples.forEach(e -> prompts.add(e.prompt()));
        } else {
            FewShotPrompts fewShot = new FewShotPrompts(plan.shotPool(), plan.shotSeed(), plan.maxInputTokens(),
                    generator::countTokens);
            for (TestExample example : examples) {
                FewShotPrompts.Prompt prompt = fewShot.build(example, k);
                prompts.add(prompt.text());
                shotsUsed += prompt.shots();
            }
        }
        long start = System.nanoTime();
        progress.progress(name, 0, prompts.size());
        List<String> outputs = generator.generate(prompts, done -> progress.progress(name, done, prompts.size()));
        double seconds = (System.nanoTime() - start) / 1e9;
        double[][] scores = new double[METRICS.length][examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            double[] all = Metric.scoreAll(outputs.get(i), examples.get(i).references(), plan.useStemmer());
            for (int metric = 0; metric < METRICS.length; metric++) {
                scores[metric][i] = all[metric];
            }
        }
        return new SystemRun(name, model.name(), k, shotsUsed / examples.size(), outputs, scores, seconds);
    }

    private static TaskRun runTask(EvaluationPlan plan, ModelUnderTest model, HeldOutTask task,
            TextGenerator generator, ProgressListener progress) {
        String phase = model.name() + " on " + task.name();
        List<String> prompts = task.examples().stream().map(TestExample::prompt).toList();
        progress.progress(phase, 0, prompts.size());
        List<String> outputs = generator.generate(prompts, done -> progress.progress(phase, done, prompts.size()));
        double[] scores = new double[prompts.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Metric.scoreAll(outputs.get(i), task.examples().get(i).references(), plan.useStemmer())
                    [task.metric().ordinal()];
        }
        return new TaskRun(task, model.name(), outputs, scores);
    }

    // --- scoring ------------------------------------------------------------------------------------------

    private static EvaluationResult summarise(EvaluationPlan plan, List<SystemRun> runs, List<TaskRun> taskRuns) {
        SystemRun base = runs.get(0);
        List<SystemResult> systems = new ArrayList<>();
        for (SystemRun run : runs) {
            Map<String, ConfidenceInterval> metrics = new LinkedHashMap<>();
            Map<String, ConfidenceInterval> differences = new LinkedHashMap<>();
            for (Metric metric : METRICS) {
                metrics.put(metric.key(), plan.bootstrap().mean(run.scores()[metric.ordinal()]));
                if (run != base) {
                    differences.put(metric.key(), plan.bootstrap().pairedDifference(
                            base.scores()[metric.ordinal()], run.scores()[metric.ordinal()]));
                }
            }
            systems.add(new SystemResult(run.name(), run.model(), run.shots(), run.meanShotsUsed(), metrics,
                    differences, run.seconds()));
        }

        List<ExampleResult> examples = new ArrayList<>();
        for (int i = 0; i < plan.testSet().size(); i++) {
            TestExample example = plan.testSet().get(i);
            Map<String, String> outputs = new LinkedHashMap<>();
            Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
            for (SystemRun run : runs) {
                outputs.put(run.name(), run.outputs().get(i));
                Map<String, Double> values = new LinkedHashMap<>();
                for (Metric metric : METRICS) {
                    values.put(metric.key(), run.scores()[metric.ordinal()][i]);
                }
                scores.put(run.name(), values);
            }
            examples.add(new ExampleResult(example.exampleId(), example.task(), example.prompt(),
                    example.references(), outputs, scores));
        }

        String candidate = runs.size() == 1 ? null
                : plan.models().size() > 1 ? plan.models().get(plan.models().size() - 1).name()
                : runs.get(runs.size() - 1).name();
        return new EvaluationResult(base.name(), candidate, plan.primaryMetric().key(), systems, examples,
                forgetting(plan, taskRuns), plan.settings());
    }

    private static List<ForgettingResult> forgetting(EvaluationPlan plan, List<TaskRun> taskRuns) {
        String baseModel = plan.models().get(0).name();
        List<ForgettingResult> results = new ArrayList<>();
        for (TaskRun before : taskRuns) {
            if (!before.model().equals(baseModel)) {
                continue;
            }
            for (TaskRun after : taskRuns) {
                if (after.task() == before.task() && !after.model().equals(baseModel)) {
                    results.add(compare(plan, before, after));
                }
            }
        }
        return results;
    }

    private static ForgettingResult compare(EvaluationPlan plan, TaskRun before, TaskRun after) {
        HeldOutTask task = before.task();
        Metric metric = task.metric();
        ConfidenceInterval beforeMean = plan.bootstrap().mean(before.scores());
        ConfidenceInterval afterMean = plan.bootstrap().mean(after.scores());
        ConfidenceInterval change = plan.bootstrap().pairedDifference(before.scores(), after.scores());
        Verdict verdict = change.excludesZeroBelow() ? Verdict.WORSE
                : change.excludesZeroAbove() ? Verdict.BETTER : Verdict.UNCHANGED;

        ForgottenExample forgotten = null;
        double largestDrop = 0;
        for (int i = 0; i < before.scores().length; i++) {
            double drop = before.scores()[i] - after.scores()[i];
            if (drop > largestDrop) {
                largestDrop = drop;
                TestExample example = task.examples().get(i);
                forgotten = new ForgottenExample(example.exampleId(), example.prompt(), example.completion(),
                        before.outputs().get(i), after.outputs().get(i));
            }
        }

        String interval = metric.formatInterval(change.lower(), change.upper(), true);
        String numbers = metric.label() + " " + metric.format(beforeMean.estimate()) + " -> "
                + metric.format(afterMean.estimate()) + " (" + metric.formatChange(change.estimate()) + ", 95 % CI "
                + interval + ")";
        String summary = switch (verdict) {
            case WORSE -> task.name() + ": " + after.model() + " got worse at this task, " + numbers + "."
                    + (forgotten == null ? "" : " For example, asked \"" + abbreviate(forgotten.prompt())
                    + "\", " + before.model() + " answered \"" + abbreviate(forgotten.before()) + "\" and "
                    + after.model() + " now answers \"" + abbreviate(forgotten.after()) + "\" (expected \""
                    + abbreviate(forgotten.reference()) + "\").");
            case BETTER -> task.name() + ": " + after.model() + " got better at this task, " + numbers + ".";
            case UNCHANGED -> task.name() + ": no clear change, " + numbers + "; the interval includes zero.";
        };
        return new ForgettingResult(task.name(), metric.key(), after.model(), task.examples().size(), beforeMean,
                afterMean, change, verdict, summary, forgotten);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
