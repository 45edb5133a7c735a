package io.tuneline.eval.evaluation;

import io.tuneline.contracts.events.ObjectRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One evaluation as stored in {@code evaluation.json}: which models ran on which test set with which settings,
 * each model's mean score per metric with its interval, the candidate against the model it must beat (on the test
 * split and on every held-out task), the gate's decision and what became of it.
 *
 * @param trigger    {@code training-completed} or {@code request}
 * @param reference  the role the candidate is compared with: {@code promoted} when the name has a promoted model,
 *                   else {@code base}
 * @param scores     role → metric → mean with interval, on the test split
 * @param heldOut    role → task → mean of the task's metric with interval
 * @param comparisons candidate vs reference on the test split, one per metric
 * @param forgetting candidate vs reference on each held-out task
 */
public record Evaluation(String evaluationId, EvaluationStatus status, String trigger, String runId,
                         String modelName, String method, List<ModelUnderTest> models, String reference,
                         ObjectRef testSet, int testExamples, GenerationSettings generation, String targetMetric,
                         Map<String, Map<String, Estimate>> scores, Map<String, Map<String, Estimate>> heldOut,
                         List<Comparison> comparisons, List<Comparison> forgetting, GateDecision gate,
                         Decision decision, String decisionReason, String error, Instant createdAt,
                         Instant completedAt) {

    public static final String TRIGGER_TRAINING = "training-completed";
    public static final String TRIGGER_REQUEST = "request";

    public Evaluation {
        models = models == null ? List.of() : List.copyOf(models);
        scores = scores == null ? Map.of() : scores;
        heldOut = heldOut == null ? Map.of() : heldOut;
        comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
        forgetting = forgetting == null ? List.of() : List.copyOf(forgetting);
    }

    /** A new evaluation that has not scored anything yet. */
    public static Evaluation running(String evaluationId, String trigger, String runId, String modelName,
                                     String method, List<ModelUnderTest> models, String reference, ObjectRef testSet,
                                     GenerationSettings generation, String targetMetric, Instant now) {
        return new Evaluation(evaluationId, EvaluationStatus.RUNNING, trigger, runId, modelName, method, models,
                reference, testSet, 0, generation, targetMetric, null, null, null, null, null, null, null, null,
                now, null);
    }

    public Optional<ModelUnderTest> model(String role) {
        return models.stream().filter(model -> model.role().equals(role)).findFirst();
    }

    public Evaluation completed(int examples, Map<String, Map<String, Estimate>> scores,
                                Map<String, Map<String, Estimate>> heldOut, List<Comparison> comparisons,
                                List<Comparison> forgetting, GateDecision gate, Instant now) {
        return new Evaluation(evaluationId, EvaluationStatus.COMPLETED, trigger, runId, modelName, method, models,
                reference, testSet, examples, generation, targetMetric, scores, heldOut, comparisons, forgetting,
                gate, Decision.PENDING, null, null, createdAt, now);
    }

    public Evaluation failed(String reason, Instant now) {
        return new Evaluation(evaluationId, EvaluationStatus.FAILED, trigger, runId, modelName, method, models,
                reference, testSet, testExamples, generation, targetMetric, scores, heldOut, comparisons, forgetting,
                gate, decision, decisionReason, reason, createdAt, now);
    }

    public Evaluation decided(Decision decision, String reason) {
        return new Evaluation(evaluationId, status, trigger, runId, modelName, method, models, reference, testSet,
                testExamples, generation, targetMetric, scores, heldOut, comparisons, forgetting, gate, decision,
                reason, error, createdAt, completedAt);
    }
}
