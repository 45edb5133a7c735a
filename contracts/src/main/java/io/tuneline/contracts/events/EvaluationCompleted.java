package io.tuneline.contracts.events;

import java.util.Map;

/**
 * Scores of a candidate checkpoint next to the base model's on the same test split (ROUGE etc.), the
 * catastrophic-forgetting report on general tasks, and whether the promotion gate passed.
 */
public record EvaluationCompleted(String evaluationId, String runId, ObjectRef candidate,
                                  Map<String, Double> baseScores, Map<String, Double> candidateScores,
                                  Map<String, Double> forgetting, boolean gatePassed, ObjectRef report)
        implements EventPayload {

    @Override
    public String key() {
        return runId;
    }
}
