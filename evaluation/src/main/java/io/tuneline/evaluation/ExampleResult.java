package io.tuneline.evaluation;

import java.util.List;
import java.util.Map;

/**
 * One test example across all systems: its input (the zero-shot prompt), references, each system's output and
 * scores.
 *
 * @param outputs output text by system name
 * @param scores  metric key to value, by system name
 */
public record ExampleResult(String exampleId, String task, String input, List<String> references,
                            Map<String, String> outputs, Map<String, Map<String, Double>> scores) {

    public double score(String system, String metric) {
        return scores.get(system).get(metric);
    }
}
