package io.tuneline.eval.testing;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.eval.evaluation.Decision;
import io.tuneline.eval.evaluation.EvaluatedModel;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.GateDecision;
import io.tuneline.eval.evaluation.GenerationSettings;
import io.tuneline.eval.evaluation.TrainingSummary;
import io.tuneline.eval.service.EvaluationService;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.stats.ConfidenceInterval;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Evaluations as {@code evaluation.json} holds them, with chosen numbers, for tests of what reads them. */
public final class StoredEvaluations {

    private StoredEvaluations() {
    }

    /** A run's evaluation, RUNNING, against its base model, on ROUGE-L. */
    public static Evaluation running(String runId, String method, Instant createdAt) {
        return Evaluation.running(EvaluationService.evaluationIdForRun(runId), Evaluation.TRIGGER_TRAINING, runId,
                "support-" + runId, method, List.of(
                        new EvaluatedModel(EvaluatedModel.BASE, new ObjectRef("tuneline-models", "base/"), null),
                        new EvaluatedModel(EvaluatedModel.CANDIDATE,
                                new ObjectRef("tuneline-checkpoints", runId + "/final/"), runId)),
                EvaluatedModel.BASE, new ObjectRef("tuneline-prompts", runId + "/test.jsonl"),
                new GenerationSettings(64, 1, 8), List.of(0), "rougeL", createdAt);
    }

    /**
     * The same evaluation COMPLETED on 40 examples: the base scored {@code base} on ROUGE-L, the candidate
     * {@code candidate} (the gain with a ±0.02 interval), the held-out tasks as given, then decided.
     */
    public static Evaluation completed(Evaluation running, double base, double candidate,
                                       List<ForgettingResult> heldOut, Decision decision) {
        ConfidenceInterval gain = new ConfidenceInterval(candidate - base, candidate - base - 0.02,
                candidate - base + 0.02);
        List<SystemResult> systems = List.of(
                new SystemResult(EvaluatedModel.BASE, "base", 0, 0, Map.of("rougeL", around(base)), Map.of(), 1.5),
                new SystemResult(EvaluatedModel.CANDIDATE, "candidate", 0, 0, Map.of("rougeL", around(candidate)),
                        Map.of("rougeL", gain), 2.5));
        return running.completed(40, systems, heldOut, List.of(), new GateDecision(decision == Decision.PROMOTED,
                        List.of("ROUGE-L reason")), running.createdAt().plusSeconds(60))
                .decided(decision, "ROUGE-L reason");
    }

    /** A held-out task of the candidate: {@code before} → {@code after}, WORSE when the drop is above 0.1. */
    public static ForgettingResult heldOut(String task, double before, double after) {
        double change = after - before;
        ForgettingResult.Verdict verdict = change < -0.1 ? ForgettingResult.Verdict.WORSE
                : ForgettingResult.Verdict.UNCHANGED;
        return new ForgettingResult(task, "exactMatch", EvaluatedModel.CANDIDATE, 10, around(before), around(after),
                new ConfidenceInterval(change, change - 0.05, change + 0.05), verdict, task + ": " + verdict, null);
    }

    public static TrainingSummary training(long steps, Map<String, Double> metrics) {
        return new TrainingSummary("t5-mini", steps, metrics);
    }

    private static ConfidenceInterval around(double estimate) {
        return new ConfidenceInterval(estimate, estimate - 0.03, estimate + 0.03);
    }
}
