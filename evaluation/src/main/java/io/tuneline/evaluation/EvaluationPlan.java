package io.tuneline.evaluation;

import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.Bootstrap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to evaluate and how to score it.
 *
 * @param models         the models; the first is the base every other system is compared with
 * @param testSet        the examples every model answers
 * @param shotPool       training examples for the base model's in-context baselines (empty: none)
 * @param baseShots      shot counts the base model runs with, e.g. {@code [0, 1, 3]}; 0 is the zero-shot base
 * @param maxInputTokens few-shot prompts keep as many shots as fit this many input tokens (FLAN-T5: 512)
 * @param primaryMetric  the metric that ranks per-example gains and losses
 * @param useStemmer     ROUGE with Porter stemming (as {@code evaluate}'s {@code use_stemmer=True})
 * @param bootstrap      resamples, level and seed of every confidence interval
 * @param heldOutTasks   the forgetting suite (may be empty)
 * @param shotSeed       seed of the choice of in-context examples
 * @param settings       free-form facts to carry into the report (generation settings, data source, ...)
 */
public record EvaluationPlan(List<ModelUnderTest> models, List<TestExample> testSet, List<TestExample> shotPool,
                             List<Integer> baseShots, int maxInputTokens, Metric primaryMetric, boolean useStemmer,
                             Bootstrap bootstrap, List<HeldOutTask> heldOutTasks, long shotSeed,
                             Map<String, String> settings) {

    public EvaluationPlan {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an evaluation needs at least one model");
        }
        if (testSet.isEmpty()) {
            throw new IllegalArgumentException("the test set is empty");
        }
        if (models.stream().map(ModelUnderTest::name).distinct().count() != models.size()) {
            throw new IllegalArgumentException("model names must differ: " + models.stream()
                    .map(ModelUnderTest::name).toList());
        }
        List<Integer> shots = new ArrayList<>(baseShots.isEmpty() ? List.of(0) : baseShots);
        if (shots.stream().anyMatch(k -> k < 0)) {
            throw new IllegalArgumentException("shot counts must not be negative: " + baseShots);
        }
        if (shots.stream().anyMatch(k -> k > 0) && shotPool.isEmpty()) {
            throw new IllegalArgumentException("few-shot baselines " + baseShots + " need training examples");
        }
        // the zero-shot base comes first: it is what every difference is measured against
        shots.remove(Integer.valueOf(0));
        shots.add(0, 0);
        baseShots = List.copyOf(shots.stream().distinct().toList());
        if (maxInputTokens < 1) {
            throw new IllegalArgumentException("max input tokens must be positive");
        }
        models = List.copyOf(models);
        testSet = List.copyOf(testSet);
        shotPool = List.copyOf(shotPool);
        heldOutTasks = List.copyOf(heldOutTasks);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings)); // keeps the caller's order for the report
    }

    /** A plan with defaults: no in-context baselines, 512 input tokens, ROUGE-L ranking, stemming on, no suite. */
    public static EvaluationPlan of(List<ModelUnderTest> models, List<TestExample> testSet) {
        return new EvaluationPlan(models, testSet, List.of(), List.of(0), 512, Metric.ROUGE_L, true,
                Bootstrap.defaults(), List.of(), 42, new LinkedHashMap<>());
    }

    public EvaluationPlan withInContextBaselines(List<TestExample> pool, List<Integer> shots) {
        return new EvaluationPlan(models, testSet, pool, shots, maxInputTokens, primaryMetric, useStemmer, bootstrap,
                heldOutTasks, shotSeed, settings);
    }

    public EvaluationPlan withHeldOutTasks(List<HeldOutTask> tasks) {
        return new EvaluationPlan(models, testSet, shotPool, baseShots, maxInputTokens, primaryMetric, useStemmer,
                bootstrap, tasks, shotSeed, settings);
    }

    public EvaluationPlan withMaxInputTokens(int tokens) {
        return new EvaluationPlan(models, testSet, shotPool, baseShots, tokens, primaryMetric, useStemmer, bootstrap,
                heldOutTasks, shotSeed, settings);
    }

    public EvaluationPlan withSettings(Map<String, String> newSettings) {
        return new EvaluationPlan(models, testSet, shotPool, baseShots, maxInputTokens, primaryMetric, useStemmer,
                bootstrap, heldOutTasks, shotSeed, newSettings);
    }

    public EvaluationPlan withScoring(Metric primary, boolean stemmer, Bootstrap newBootstrap) {
        return new EvaluationPlan(models, testSet, shotPool, baseShots, maxInputTokens, primary, stemmer,
                newBootstrap, heldOutTasks, shotSeed, settings);
    }
}
