package io.tuneline.eval.service;

import io.tuneline.eval.evaluation.Comparison;
import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.ExampleResult;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.Bootstrap;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the gate judges: candidate − reference per metric over the same examples, and held-out tasks per model. */
class ComparisonsTest {

    private static final Bootstrap BOOTSTRAP = new Bootstrap(500, 0.95, 42);

    @Test
    void comparesTheCandidateWithTheNamedReferenceOnEveryMetricPairedOverTheSameExamples() {
        // per example: base, promoted, candidate (the same value for every metric but exact match, which is 0/1)
        EvaluationResult result = result(
                new double[] {0.2, 0.4, 0.6},   // base
                new double[] {0.5, 0.5, 0.5},   // promoted
                new double[] {0.7, 0.4, 0.9});  // candidate

        List<Comparison> againstPromoted = Comparisons.onTestSplit(result, "promoted", "candidate", BOOTSTRAP);
        List<Comparison> againstBase = Comparisons.onTestSplit(result, "base", "candidate", BOOTSTRAP);

        assertThat(againstPromoted).extracting(Comparison::metric)
                .containsExactly(Arrays.stream(Metric.values()).map(Metric::key).toArray(String[]::new));
        Comparison rougeL = metric(againstPromoted, "rougeL");
        assertThat(rougeL.task()).isEqualTo("test");
        // the systems' stored corpus estimates, not recomputed
        assertThat(rougeL.reference()).isEqualTo(0.5);
        assertThat(rougeL.candidate()).isCloseTo(2.0 / 3, within(1e-12));
        // mean of (0.2, -0.1, 0.4) = 0.5 / 3, paired example by example
        assertThat(rougeL.difference().estimate()).isCloseTo(0.5 / 3, within(1e-12));
        assertThat(rougeL.difference().lower()).isLessThanOrEqualTo(rougeL.difference().estimate());
        assertThat(rougeL.difference().upper()).isGreaterThanOrEqualTo(rougeL.difference().estimate());
        // against the base: mean of (0.5, 0, 0.3)
        assertThat(metric(againstBase, "rougeL").difference().estimate()).isCloseTo(0.8 / 3, within(1e-12));
        assertThat(metric(againstBase, "rougeL").reference()).isCloseTo(0.4, within(1e-12));
        // exact match: base right on none, candidate on the last one
        assertThat(metric(againstBase, "exactMatch").difference().estimate()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void aPairedDifferenceIsNotADifferenceOfMeans() {
        // the candidate is better on every example by exactly 0.1: the paired interval collapses onto 0.1
        EvaluationResult result = result(new double[] {0.1, 0.5, 0.9}, new double[] {0.1, 0.5, 0.9},
                new double[] {0.2, 0.6, 1.0});

        ConfidenceInterval difference = metric(Comparisons.onTestSplit(result, "base", "candidate", BOOTSTRAP),
                "rouge1").difference();

        assertThat(difference.estimate()).isCloseTo(0.1, within(1e-12));
        assertThat(difference.lower()).isCloseTo(0.1, within(1e-12));
        assertThat(difference.upper()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void heldOutTasksAreTheNamedModelsAgainstTheBaseOnTheTasksMetric() {
        ForgettingResult candidateSentiment = forgetting("sentiment", "exactMatch", "candidate", 0.8, 0.6);
        ForgettingResult promotedSentiment = forgetting("sentiment", "exactMatch", "promoted", 0.8, 0.8);
        ForgettingResult candidateTitles = forgetting("titles", "rougeL", "candidate", 0.4, 0.5);

        List<Comparison> heldOut = Comparisons.heldOut(List.of(candidateSentiment, promotedSentiment,
                candidateTitles), "candidate");

        assertThat(heldOut).containsExactly(
                new Comparison("sentiment", "exactMatch", 0.8, 0.6, candidateSentiment.change()),
                new Comparison("titles", "rougeL", 0.4, 0.5, candidateTitles.change()));
        assertThat(heldOut.get(0).relativeChange()).isCloseTo(-0.25, within(1e-12));
        assertThat(Comparisons.heldOut(List.of(candidateSentiment), "promoted")).isEmpty();
    }

    private static Comparison metric(List<Comparison> comparisons, String key) {
        return comparisons.stream().filter(c -> c.metric().equals(key)).findFirst().orElseThrow();
    }

    private static ForgettingResult forgetting(String task, String metric, String model, double before,
                                               double after) {
        return new ForgettingResult(task, metric, model, 10, interval(before), interval(after),
                new ConfidenceInterval(after - before, after - before - 0.1, after - before + 0.1),
                ForgettingResult.Verdict.UNCHANGED, task + " changed", null);
    }

    /** Three examples scored per system; every ROUGE type gets the score, exact match is 1 only for 0.9 and up. */
    private static EvaluationResult result(double[] base, double[] promoted, double[] candidate) {
        Map<String, double[]> bySystem = new LinkedHashMap<>();
        bySystem.put("base", base);
        bySystem.put("promoted", promoted);
        bySystem.put("candidate", candidate);
        List<ExampleResult> examples = new java.util.ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
            Map<String, String> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> system : bySystem.entrySet()) {
                scores.put(system.getKey(), scores(system.getValue()[i]));
                outputs.put(system.getKey(), system.getKey() + " answer " + i);
            }
            examples.add(new ExampleResult("e" + i, "summary", "prompt " + i, List.of("reference " + i), outputs,
                    scores));
        }
        List<SystemResult> systems = bySystem.entrySet().stream().map(system -> {
            Map<String, ConfidenceInterval> metrics = new LinkedHashMap<>();
            scores(0).keySet().forEach(key -> metrics.put(key, interval(Arrays.stream(system.getValue())
                    .map(value -> scores(value).get(key)).average().orElseThrow())));
            return new SystemResult(system.getKey(), system.getKey() + "-model", 0, 0, metrics, Map.of(), 1.0);
        }).toList();
        return new EvaluationResult("base", "candidate", "rougeL", systems, examples, List.of(), Map.of());
    }

    private static Map<String, Double> scores(double value) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            scores.put(metric.key(), metric == Metric.EXACT_MATCH ? (value >= 0.9 ? 1.0 : 0.0) : value);
        }
        return scores;
    }

    private static ConfidenceInterval interval(double estimate) {
        return new ConfidenceInterval(estimate, estimate - 0.05, estimate + 0.05);
    }
}
