package io.tuneline.evaluation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an evaluation found.
 *
 * @param baseSystem      the zero-shot base model's system name (every difference is to it)
 * @param candidateSystem the system the report compares with the base: the last model zero-shot, or with a
 *                        single model its last in-context baseline; null when only one system ran
 * @param primaryMetric   the metric key that ranks per-example gains and losses
 * @param systems         per system, in the order they ran: base zero-shot, base k-shot, later models
 * @param examples        per test example, in test-set order
 * @param forgetting      per held-out task and later model
 * @param settings        the plan's settings, for the report
 */
public record EvaluationResult(String baseSystem, String candidateSystem, String primaryMetric,
                               List<SystemResult> systems, List<ExampleResult> examples,
                               List<ForgettingResult> forgetting, Map<String, String> settings) {

    public Optional<SystemResult> system(String name) {
        return systems.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Candidate − base on the primary metric of one example. */
    public double gain(ExampleResult example) {
        return example.score(candidateSystem, primaryMetric) - example.score(baseSystem, primaryMetric);
    }

    /** The examples the candidate improved most on, largest gain first (only those with a gain). */
    public List<ExampleResult> largestGains(int limit) {
        if (candidateSystem == null) {
            return List.of();
        }
        return examples.stream().filter(e -> gain(e) > 0)
                .sorted(Comparator.comparingDouble(this::gain).reversed()).limit(limit).toList();
    }

    /** The examples the candidate got worse on, largest loss first (only those with a loss). */
    public List<ExampleResult> largestLosses(int limit) {
        if (candidateSystem == null) {
            return List.of();
        }
        return examples.stream().filter(e -> gain(e) < 0)
                .sorted(Comparator.comparingDouble(this::gain)).limit(limit).toList();
    }
}
