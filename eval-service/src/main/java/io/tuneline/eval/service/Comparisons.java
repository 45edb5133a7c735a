package io.tuneline.eval.service;

import io.tuneline.eval.evaluation.Comparison;
import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.ExampleResult;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.Bootstrap;

import java.util.ArrayList;
import java.util.List;

/** Turns an evaluation result into what the gate judges: the candidate against one reference system. */
final class Comparisons {

    private Comparisons() {
    }

    /** Candidate vs reference on the test split, every metric, paired over the same examples. */
    static List<Comparison> onTestSplit(EvaluationResult result, String reference, String candidate,
                                        Bootstrap bootstrap) {
        SystemResult referenceSystem = result.system(reference).orElseThrow();
        SystemResult candidateSystem = result.system(candidate).orElseThrow();
        List<Comparison> comparisons = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            String key = metric.key();
            double[] before = new double[result.examples().size()];
            double[] after = new double[before.length];
            for (int i = 0; i < before.length; i++) {
                ExampleResult example = result.examples().get(i);
                before[i] = example.score(reference, key);
                after[i] = example.score(candidate, key);
            }
            comparisons.add(new Comparison("test", key, referenceSystem.metrics().get(key).estimate(),
                    candidateSystem.metrics().get(key).estimate(), bootstrap.pairedDifference(before, after)));
        }
        return comparisons;
    }

    /** Each held-out task of {@code model} against the base model, on the task's metric. */
    static List<Comparison> heldOut(List<ForgettingResult> forgetting, String model) {
        return forgetting.stream()
                .filter(task -> task.model().equals(model))
                .map(task -> new Comparison(task.task(), task.metric(), task.before().estimate(),
                        task.after().estimate(), task.change()))
                .toList();
    }
}
