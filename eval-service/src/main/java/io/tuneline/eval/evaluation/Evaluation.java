package io.tuneline.eval.evaluation;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One evaluation as stored in {@code evaluation.json}: which models ran on which test set with which settings,
 * each system's scores (base zero-/few-shot, promoted, candidate) with intervals, the held-out tasks before and
 * after, the candidate against the model it must beat, the gate's decision and what became of it.
 *
 * @param trigger     {@code training-completed} or {@code request}
 * @param reference   the role the candidate must beat: {@code promoted} when the name had a promoted model, else
 *                    {@code base}
 * @param systems     per system, as the evaluation module reports them (differences are to the zero-shot base)
 * @param forgetting  per held-out task and later model, against the base model
 * @param comparisons candidate vs reference on the test split, one per metric (what the gate judged)
 * @param progress    while running: what is generating and how far it is
 * @param training    what the run reported about itself (steps, trainable parameters, checkpoint size, time); null
 *                    for requested evaluations
 */
public record Evaluation(String evaluationId, EvaluationStatus status, String trigger, String runId,
                         String modelName, String method, List<EvaluatedModel> models, String reference,
                         ObjectRef testSet, int testExamples, GenerationSettings generation, List<Integer> baseShots,
                         String targetMetric, String progress, List<SystemResult> systems,
                         List<ForgettingResult> forgetting, List<Comparison> comparisons, GateDecision gate,
                         Decision decision, String decisionReason, String error, Instant createdAt,
                         Instant completedAt, TrainingSummary training) {

    public static final String TRIGGER_TRAINING = "training-completed";
    public static final String TRIGGER_REQUEST = "request";

    public Evaluation {
        models = models == null ? List.of() : List.copyOf(models);
        baseShots = baseShots == null ? List.of(0) : List.copyOf(baseShots);
        systems = systems == null ? List.of() : List.copyOf(systems);
        forgetting = forgetting == null ? List.of() : List.copyOf(forgetting);
        comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
    }

    /** A new evaluation that has not scored anything yet. */
    public static Evaluation running(String evaluationId, String trigger, String runId, String modelName,
                                     String method, List<EvaluatedModel> models, String reference, ObjectRef testSet,
                                     GenerationSettings generation, List<Integer> baseShots, String targetMetric,
                                     Instant now) {
        return new Evaluation(evaluationId, EvaluationStatus.RUNNING, trigger, runId, modelName, method, models,
                reference, testSet, 0, generation, baseShots, targetMetric, null, null, null, null, null, null, null,
                null, now, null, null);
    }

    public Optional<EvaluatedModel> model(String role) {
        return models.stream().filter(model -> model.role().equals(role)).findFirst();
    }

    public Evaluation completed(int examples, List<SystemResult> systems, List<ForgettingResult> forgetting,
                                List<Comparison> comparisons, GateDecision gate, Instant now) {
        return new Evaluation(evaluationId, EvaluationStatus.COMPLETED, trigger, runId, modelName, method, models,
                reference, testSet, examples, generation, baseShots, targetMetric, null, systems, forgetting,
                comparisons, gate, Decision.PENDING, null, null, createdAt, now, training);
    }

    public Evaluation failed(String reason, Instant now) {
        return new Evaluation(evaluationId, EvaluationStatus.FAILED, trigger, runId, modelName, method, models,
                reference, testSet, testExamples, generation, baseShots, targetMetric, null, systems, forgetting,
                comparisons, gate, decision, decisionReason, reason, createdAt, now, training);
    }

    public Evaluation decided(Decision newDecision, String reason) {
        return new Evaluation(evaluationId, status, trigger, runId, modelName, method, models, reference, testSet,
                testExamples, generation, baseShots, targetMetric, progress, systems, forgetting, comparisons, gate,
                newDecision, reason, error, createdAt, completedAt, training);
    }

    public Evaluation withProgress(String text) {
        return new Evaluation(evaluationId, status, trigger, runId, modelName, method, models, reference, testSet,
                testExamples, generation, baseShots, targetMetric, text, systems, forgetting, comparisons, gate,
                decision, decisionReason, error, createdAt, completedAt, training);
    }

    /** This evaluation with what its run reported about itself. */
    public Evaluation withTraining(TrainingSummary summary) {
        return new Evaluation(evaluationId, status, trigger, runId, modelName, method, models, reference, testSet,
                testExamples, generation, baseShots, targetMetric, progress, systems, forgetting, comparisons, gate,
                decision, decisionReason, error, createdAt, completedAt, summary);
    }
}
